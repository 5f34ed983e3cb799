//! `--state`: describe-* output files (or folders of them) loaded into a model.

use std::path::{Path, PathBuf};

use eniplan::Ec2;

/// Expands folders to the `.json` files in them, sorted, so a folder of describe output works.
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn read(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

/// Loads the state into a default model; problems come back as one message naming the file or
/// the ids at fault.
pub fn load(paths: &[PathBuf]) -> Result<Ec2, String> {
    let mut ec2 = Ec2::default();
    load_into(&mut ec2, paths)?;
    Ok(ec2)
}

/// The describe-* documents of the files and folders, parsed.
pub fn documents(paths: &[PathBuf]) -> Result<Vec<serde_json::Value>, String> {
    files(paths)?.iter().map(|path| read(path)).collect()
}

/// Loads the state into `ec2`.
pub fn load_into(ec2: &mut Ec2, paths: &[PathBuf]) -> Result<(), String> {
    let documents = documents(paths)?;
    let notes = ec2.load_describe(&documents).map_err(|error| {
        format!(
            "cannot load the state: {}",
            crate::output::ec2_error(&error)
        )
    })?;
    for warning in notes.warnings {
        eprintln!("eniplan: note: {warning}");
    }
    Ok(())
}
