//! Prints what ingestion understood of the files given on the command line.
fn main() {
    for arg in std::env::args().skip(1) {
        for path in rolesearch_doc::find_documents(std::path::Path::new(&arg)).unwrap_or_default() {
            match rolesearch_doc::read_file(&path) {
                Ok(roles) => {
                    for r in roles {
                        println!(
                            "== {} | {} | org={:?} | {} | {} statements",
                            r.id,
                            r.title,
                            r.organization,
                            r.lang,
                            r.statement_count()
                        );
                        for s in &r.sections {
                            println!("  [{}] {}", s.kind, s.heading);
                            for st in &s.statements {
                                println!(
                                    "     {}{} ({})",
                                    if st.parent.is_some() { "  - " } else { "" },
                                    st.text,
                                    st.lang
                                );
                            }
                        }
                    }
                }
                Err(e) => println!("ERROR {e}"),
            }
        }
    }
}
