use std::process::ExitCode as ProcessExitCode;

use clap::Parser;

use partnerscope::cli::Cli;
use partnerscope::error::exit_code_of;
use partnerscope::exit_codes::ExitCode;

fn main() -> ProcessExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are "errors" to clap but successes to the user.
            let code = if error.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Success
            };
            let _ = error.print();
            return code.into();
        }
    };
    match partnerscope::app::run(cli) {
        Ok(code) => code.into(),
        Err(error) => {
            eprintln!("partnerscope: {error:#}");
            exit_code_of(&error).into()
        }
    }
}
