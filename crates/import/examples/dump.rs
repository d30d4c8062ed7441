//! Prints the `rectify-plan/1` JSON of a file: `cargo run -p rectify-import --example dump FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match rectify_import::import_bytes(&path, &bytes) {
        Ok(plan) => match serde_json::to_string_pretty(&plan) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        },
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
