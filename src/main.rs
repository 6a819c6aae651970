use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    let term = crosscheck::cli::Terminal {
        stdout_is_terminal: std::io::stdout().is_terminal(),
        stderr_is_terminal: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = crosscheck::cli::run(
        std::env::args_os(),
        term,
        &mut stdout.lock(),
        &mut stderr.lock(),
    );
    ExitCode::from(code)
}
