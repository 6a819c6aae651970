// Opens crosscheck HTML reports in headless Chromium and reports, as JSON on
// stdout, what a reader of the rendered page sees. tests/browser.rs runs it and
// asserts on the result; this script only observes.
//
// usage: node check.mjs SEED_REPORT.html HOSTILE_REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [seedPath, hostilePath, screenshotPath] = process.argv.slice(2);
const executablePath = process.env.CROSSCHECK_CHROMIUM || '/usr/bin/chromium';

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

/** Opens a page and records every request, JavaScript error and dialog. */
async function open(path, viewport) {
  const page = await browser.newPage({ viewport });
  const seen = { requests: [], errors: [], dialogs: [] };
  const url = pathToFileURL(path).href;
  page.on('request', (r) => {
    if (r.url() !== url) seen.requests.push(r.url());
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text());
  });
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, seen };
}

const visibleCards = (page, kind) =>
  page.$$eval(`.finding${kind ? `[data-kind=${kind}]` : ''}`, (cards) =>
    cards.filter((c) => !c.hidden && c.getBoundingClientRect().height > 0).length);

const result = {};

// The seed report, as a laptop reader sees it.
{
  const { page, seen } = await open(seedPath, { width: 1280, height: 900 });
  result.headerCounts = await page.$$eval('.counts li', (items) =>
    Object.fromEntries(items.map((li) => [li.dataset.kind, Number(li.querySelector('b').textContent)])));
  result.cardCounts = {};
  for (const kind of Object.keys(result.headerCounts)) {
    result.cardCounts[kind] = await visibleCards(page, kind);
  }
  result.venueCard = await page.$$eval('.finding[data-kind=conflict]', (cards) => {
    const card = cards.find((c) => c.querySelector('h3').textContent.includes('venue of the talks'));
    if (!card) return null;
    const box = card.getBoundingClientRect();
    return {
      visible: box.height > 0 && !card.hidden,
      sides: [...card.querySelectorAll('.side .value')].map((v) => v.textContent),
      marks: [...card.querySelectorAll('mark')].map((m) => m.textContent),
      picture: !!card.querySelector('svg.picture'),
    };
  });
  result.shownAtStart = Number(await page.textContent('#shown'));

  // Filters: hide agreements, then show them again.
  await page.uncheck('input[name=kind][value=agree]');
  result.agreeAfterUncheck = await visibleCards(page, 'agree');
  result.shownWithoutAgree = Number(await page.textContent('#shown'));
  await page.check('input[name=kind][value=agree]');
  result.agreeAfterRecheck = await visibleCards(page, 'agree');

  // Filters: only source 003 → only cards that 003 takes part in.
  for (const id of ['000', '001', '002', '004']) {
    await page.uncheck(`input[name=source][value="${id}"]`);
  }
  result.only003 = await page.$$eval('.finding', (cards) =>
    cards.filter((c) => !c.hidden).map((c) => JSON.parse(c.dataset.sources)));
  result.sourceArticlesShown = await page.$$eval('.source', (a) => a.filter((x) => !x.hidden).map((x) => x.dataset.source));
  for (const id of ['000', '001', '002', '004']) {
    await page.check(`input[name=source][value="${id}"]`);
  }

  // The source view: claims highlighted, linked to their finding and back.
  result.sourceLinks = await page.$$eval('.source mark .ref', (links) =>
    links.slice(0, 400).map((a) => a.getAttribute('href')));
  result.findingIds = await page.$$eval('.finding', (cards) => cards.map((c) => '#' + c.id));
  result.claimLinks = await page.$$eval('.finding a.loc', (links) => links.map((a) => a.getAttribute('href')));
  result.claimTargets = await page.$$eval('.source [id^="c-"]', (marks) => marks.map((m) => '#' + m.id));
  result.fates = await page.$$eval('.source mark', (marks) =>
    [...new Set(marks.map((m) => [...m.classList].find((c) => c.startsWith('fate-'))))]);

  await page.screenshot({ path: screenshotPath, fullPage: false });
  result.seen = seen;
  await page.close();
}

// The same report on a phone: nothing wider than the screen.
{
  const { page } = await open(seedPath, { width: 390, height: 844 });
  result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.close();
}

// A report built from hostile articles: the markup shows as text and runs nothing.
{
  const { page, seen } = await open(hostilePath, { width: 1280, height: 900 });
  await page.waitForTimeout(300);
  result.hostile = {
    pwned: await page.evaluate(() => window.__pwned ?? null),
    injectedImages: await page.$$eval('img', (imgs) => imgs.length),
    injectedScripts: await page.$$eval('script', (s) => s.length),
    textShowsScript: (await page.textContent('body')).includes('<script>window.__pwned=1</script>'),
    textShowsImg: (await page.textContent('body')).includes('"><img src=x onerror='),
    seen,
  };
  await page.close();
}

await browser.close();
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
