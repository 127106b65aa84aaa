//! A real OpenSSH server on 127.0.0.1 for one test: its own host key, one
//! authorized key, run as the current user; `ssh_command` is the `ssh`
//! with a config that trusts only it (passed to vetro as `VETRO_SSH`).

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";

pub struct Sshd {
    pub port: u16,
    pub ssh_command: String,
    dir: tempfile::TempDir,
    child: Child,
}

impl Sshd {
    /// Starts the server and waits until it accepts connections.
    pub fn start() -> Sshd {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} missing: scripts/test installs openssh-server"
        );
        let dir = tempfile::tempdir().expect("tmp");
        let d = dir.path();
        keygen(&d.join("host_key"));
        keygen(&d.join("id"));
        std::fs::copy(d.join("id.pub"), d.join("authorized_keys")).expect("authorized key");
        let port = free_port();
        write_server_config(d, port);
        write_client_config(d, port);
        // sshd run by root wants its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sshd");
        wait_listening(port);
        let ssh_command = format!("ssh -F {}", d.join("ssh_config").display());
        Sshd {
            port,
            ssh_command,
            dir,
            child,
        }
    }

    /// A folder the server's user can write, removed with the server.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .status()
        .expect("ssh-keygen")
        .success();
    assert!(ok, "ssh-keygen failed");
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

fn write_server_config(d: &Path, port: u16) {
    let text = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {host}\nAuthorizedKeysFile {keys}\n\
         PidFile {pid}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
         KbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\n",
        host = d.join("host_key").display(),
        keys = d.join("authorized_keys").display(),
        pid = d.join("sshd.pid").display(),
    );
    std::fs::write(d.join("sshd_config"), text).expect("sshd_config");
}

fn write_client_config(d: &Path, port: u16) {
    let user = Command::new("id").arg("-un").output().expect("id -un");
    let user = String::from_utf8_lossy(&user.stdout).trim().to_string();
    let host_key = std::fs::read_to_string(d.join("host_key.pub")).expect("host key");
    std::fs::write(
        d.join("known_hosts"),
        format!("[127.0.0.1]:{port} {host_key}"),
    )
    .expect("known_hosts");
    let text = format!(
        "Host 127.0.0.1\n  Port {port}\n  User {user}\n  IdentityFile {id}\n  IdentitiesOnly yes\n  \
         IdentityAgent none\n  UserKnownHostsFile {known}\n  StrictHostKeyChecking yes\n",
        id = d.join("id").display(),
        known = d.join("known_hosts").display(),
    );
    std::fs::write(d.join("ssh_config"), text).expect("ssh_config");
}

fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "sshd does not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}
