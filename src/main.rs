fn main() {
    std::process::exit(konveyer::cli::main());
}
