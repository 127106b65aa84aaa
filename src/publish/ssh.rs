//! Publishing over SSH: `ssh` runs the few shell commands on the host and
//! `rsync` sends the files, both as subprocesses with `BatchMode=yes`, so
//! the credentials are those of the SSH agent, `~/.ssh/config` and the
//! user's keys, never asked for and never read from vetro.toml.
//! `VETRO_SSH` replaces the `ssh` command (e.g. `ssh -F other_config`).

use super::{Target, WORK};
use crate::write::MANIFEST;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

pub(super) struct Ssh {
    /// `user@host` or a host alias of the SSH config.
    host: String,
    port: Option<u16>,
    /// The folder on the host, relative to the user's home unless absolute.
    path: String,
}

impl Ssh {
    /// `ssh://user@host[:port]/path` or `user@host:path`; `None` for a
    /// local folder (no colon before the first slash).
    pub(super) fn parse(target: &str) -> Result<Option<Ssh>> {
        let (host, port, path) = if let Some(rest) = target.strip_prefix("ssh://") {
            let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
            let (host, port) = match authority.rsplit_once(':') {
                Some((h, p)) => {
                    let port = p
                        .parse::<u16>()
                        .with_context(|| format!("porta non valida in {target}"))?;
                    (h, Some(port))
                }
                None => (authority, None),
            };
            (host, port, format!("/{path}"))
        } else {
            match target.split_once(':') {
                Some((host, path)) if !host.contains('/') && !host.is_empty() => {
                    (host, None, path.to_string())
                }
                _ => return Ok(None),
            }
        };
        if host.is_empty() || host.starts_with('-') {
            bail!("host non valido in {target}");
        }
        let path = match path.trim_end_matches('/') {
            "" if path.starts_with('/') => "/".to_string(),
            "" => ".".to_string(),
            p => p.to_string(),
        };
        Ok(Some(Ssh {
            host: host.to_string(),
            port,
            path,
        }))
    }

    /// The ssh program and its options, as words.
    fn ssh_words(&self) -> Vec<String> {
        let program = std::env::var("VETRO_SSH").unwrap_or_else(|_| "ssh".to_string());
        let mut words: Vec<String> = program.split_whitespace().map(str::to_string).collect();
        words.extend(["-o".to_string(), "BatchMode=yes".to_string()]);
        if let Some(port) = self.port {
            words.extend(["-p".to_string(), port.to_string()]);
        }
        words
    }

    /// Runs `script` with the host's shell, feeding it `input`; its output.
    fn remote(&self, script: &str, input: &[u8]) -> Result<Vec<u8>> {
        let words = self.ssh_words();
        let mut command = Command::new(&words[0]);
        command.args(&words[1..]).arg(&self.host).arg(script);
        run(command, input).with_context(|| format!("ssh {}", self.host))
    }

    /// `rsync` from `site/` to the target folder: the listed files (NUL
    /// separated), each written in the scratch folder and renamed.
    fn rsync(&self, site: &Path, list: &[u8]) -> Result<()> {
        let mut source = site.as_os_str().to_owned();
        source.push("/");
        let mut command = Command::new("rsync");
        command
            .args(["--times", "--checksum", "--from0", "--files-from=-"])
            .arg(format!("--temp-dir={WORK}"))
            .arg("-e")
            .arg(self.ssh_words().join(" "))
            .arg("--")
            .arg(source)
            .arg(format!("{}:{}/", self.host, self.path));
        run(command, list).with_context(|| format!("rsync verso {}", self.host))?;
        Ok(())
    }

    fn quoted_path(&self) -> String {
        quote(&self.path)
    }
}

impl Target for Ssh {
    fn manifest(&mut self) -> Result<Option<String>> {
        let file = quote(&format!("{}/{MANIFEST}", self.path));
        let out = self.remote(&format!("if [ -e {file} ]; then cat -- {file}; fi"), b"")?;
        let text = String::from_utf8(out).context("manifesto della destinazione")?;
        Ok((!text.is_empty()).then_some(text))
    }

    fn prepare(&mut self) -> Result<()> {
        let dir = self.quoted_path();
        let work = quote(&format!("{}/{WORK}", self.path));
        self.remote(
            &format!("mkdir -p -- {dir} && rm -rf -- {work} && mkdir -- {work}"),
            b"",
        )?;
        Ok(())
    }

    fn upload(&mut self, site: &Path, files: &[String]) -> Result<usize> {
        if !files.is_empty() {
            self.rsync(site, &nul_list(files))?;
        }
        // rsync skips the files already in place without saying which.
        Ok(0)
    }

    fn delete(&mut self, files: &[String]) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        let dir = self.quoted_path();
        self.remote(
            &format!("cd -- {dir} && xargs -0 -r rm -f --"),
            &nul_list(files),
        )?;
        // Folders left empty, deepest first; rmdir keeps the others.
        let mut folders: Vec<&str> = files
            .iter()
            .flat_map(|f| ancestors(f))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        folders.sort_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
        let list: Vec<String> = folders.iter().map(|f| f.to_string()).collect();
        self.remote(
            &format!("cd -- {dir} && xargs -0 -r rmdir -- 2>/dev/null; exit 0"),
            &nul_list(&list),
        )?;
        Ok(())
    }

    fn finish(&mut self, site: &Path) -> Result<()> {
        self.rsync(site, &nul_list(&[MANIFEST.to_string()]))?;
        let work = quote(&format!("{}/{WORK}", self.path));
        self.remote(&format!("rm -rf -- {work}"), b"")?;
        Ok(())
    }
}

/// The folders above a relative file path, nearest first.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .filter(|(_, c)| *c == '/')
        .map(move |(i, _)| &path[..i])
}

fn nul_list(files: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in files {
        out.extend_from_slice(f.as_bytes());
        out.push(0);
    }
    out
}

/// `text` as one word of a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// Runs `command` with `input` on its stdin; its stdout, or an error with
/// its stderr.
fn run(mut command: Command, input: &[u8]) -> Result<Vec<u8>> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("avvio del comando (è installato?)")?;
    let mut stdin = child.stdin.take().context("stdin")?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output()?;
    // A write error only means the command stopped reading; its status says why.
    let _ = writer.join();
    if !output.status.success() {
        bail!(
            "{} ({})",
            String::from_utf8_lossy(&output.stderr).trim(),
            output.status
        );
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(target: &str) -> Option<(String, Option<u16>, String)> {
        Ssh::parse(target)
            .ok()
            .flatten()
            .map(|s| (s.host, s.port, s.path))
    }

    #[test]
    fn targets_are_told_apart() {
        let t = |h: &str, p: Option<u16>, path: &str| Some((h.to_string(), p, path.to_string()));
        assert_eq!(
            parsed("ssh://ente@web.example.it:2222/var/www/appalti/"),
            t("ente@web.example.it", Some(2222), "/var/www/appalti")
        );
        assert_eq!(parsed("ssh://web/srv"), t("web", None, "/srv"));
        assert_eq!(parsed("ente@web:sito"), t("ente@web", None, "sito"));
        assert_eq!(parsed("web:"), t("web", None, "."));
        assert_eq!(parsed("/mnt/share/sito"), None);
        assert_eq!(parsed("./a:b"), None);
        assert!(Ssh::parse("ssh://web:porta/x").is_err());
        assert!(Ssh::parse("-oProxyCommand=x:y").is_err());
    }

    #[test]
    fn shell_words_are_quoted() {
        assert_eq!(quote("a b'c"), "'a b'\\''c'");
        assert_eq!(ancestors("a/b/c.html").collect::<Vec<_>>(), ["a", "a/b"]);
    }
}
