//! A server on a free loopback port, over an index of the seed documents.

use std::net::SocketAddr;
use std::path::Path;

use rolesearch::Index;
use rolesearch_server::Settings;

pub fn seeds_index() -> Index {
    let index = Index::create_in_ram().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/seeds");
    let report = index.add_paths(&[seeds], false).unwrap();
    assert!(report.skipped.is_empty());
    index
}

/// Starts a server (on its own thread and runtime, for the rest of the
/// test process) and returns its address.
pub fn start(index: Index, settings: Settings) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        rolesearch_server::run(index, "127.0.0.1:0".parse().unwrap(), settings, |addr| tx.send(addr).unwrap()).unwrap();
    });
    rx.recv().unwrap()
}
