//! Secrets come from the environment: the variable the profile names, or a file named by
//! the same variable with `_FILE` appended (for container secrets mounted as files).

use crate::SetupError;

/// The value of `name`, or the contents of the file `name_FILE` points to (one trailing
/// newline dropped, as editors and `echo` add one).
pub fn read(name: &str) -> Result<String, SetupError> {
    if let Ok(value) = std::env::var(name)
        && !value.is_empty()
    {
        return Ok(value);
    }
    let file_var = format!("{name}_FILE");
    match std::env::var_os(&file_var) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                SetupError::Secret(format!(
                    "{file_var}={}: cannot read it: {e}",
                    std::path::Path::new(&path).display()
                ))
            })?;
            let value = text
                .strip_suffix("\r\n")
                .or_else(|| text.strip_suffix('\n'))
                .unwrap_or(&text);
            if value.is_empty() {
                return Err(SetupError::Secret(format!(
                    "{file_var} names an empty file"
                )));
            }
            Ok(value.to_string())
        }
        None => Err(SetupError::Secret(format!(
            "the profile names the environment variable {name}, which is not set: set {name}, \
             or {file_var} to a file holding the value"
        ))),
    }
}
