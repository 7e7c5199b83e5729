//! Email through a real SMTP server on loopback: aiosmtpd (PyPI), an independent
//! implementation, with login required, over STARTTLS, over TLS from the start (with a
//! private CA from trustme), and in plain text to this machine. The server parses what
//! arrived with Python's own email package and the test reads that.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use vaxkit_notify::{Email, EmailSender};
use vaxkit_profile::notifications::EmailRoute;
use vaxkit_testkit::python::Python;

const SERVER: &str = r#"
import email, email.policy, json, os, socket, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
import trustme

mode, out = sys.argv[1], sys.argv[2]
ca = trustme.CA()
cert = ca.issue_cert("localhost", "127.0.0.1")
ca.cert_pem.write_to_path(os.path.join(out, "ca.pem"))
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
cert.configure_cert(context)

def login(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"mailer" and auth_data.password == b"p@ss word"
    # A refusal must not carry auth_data: aiosmtpd then never answers the client.
    return AuthResult(success=True, auth_data=auth_data) if ok else AuthResult(success=False, handled=False)

class Keep:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts = {}
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_type()] = part.get_content()
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"]),
            "to": str(msg["To"]),
            "reply_to": str(msg["Reply-To"]) if msg["Reply-To"] else None,
            "subject": str(msg["Subject"]),
            "message_id": str(msg["Message-ID"]),
            "content_type": msg.get_content_type(),
            "parts": parts,
            "login": session.authenticated and session.auth_data.login.decode(),
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
        }
        n = len([f for f in os.listdir(out) if f.startswith("msg-")])
        with open(os.path.join(out, "msg-%d.json" % n), "w") as f:
            json.dump(record, f)
        return "250 2.0.0 Ok: queued as %d" % n

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
# With TLS from the start aiosmtpd does not know the connection is encrypted, so it is
# told not to wait for STARTTLS before offering AUTH.
kwargs = dict(hostname="127.0.0.1", port=port, authenticator=login, auth_require_tls=(mode == "starttls"),
              server_hostname="localhost")
if mode == "starttls":
    kwargs.update(tls_context=context, require_starttls=True)
elif mode == "tls":
    kwargs.update(ssl_context=context)
controller = Controller(Keep(), **kwargs)
controller.start()
print(json.dumps({"port": port}), flush=True)
sys.stdin.read()
controller.stop()
"#;

struct SmtpServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SmtpServer {
    fn start(mode: &str) -> SmtpServer {
        let python = Python::with(&["aiosmtpd==1.4.6", "trustme==1.2.1"]);
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("server.py");
        std::fs::write(&script, SERVER).unwrap();
        let mut child = python
            .command()
            .arg(&script)
            .arg(mode)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the SMTP server did not start ({e}): {line}"));
        SmtpServer {
            child,
            port: u16::try_from(v["port"].as_u64().unwrap()).unwrap(),
            dir,
        }
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn received(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for n in 0.. {
            let path = self.dir.path().join(format!("msg-{n}.json"));
            if !path.exists() {
                break;
            }
            out.push(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap());
        }
        out
    }
}

fn route(ca: Option<&Path>) -> EmailRoute {
    EmailRoute {
        smtp_url_env: "SMTP_URL".into(),
        from: "noreply@health.example".into(),
        from_name: Some("Ministère de la Santé".into()),
        reply_to: Some("help@health.example".into()),
        ca_file: ca.map(Path::to_path_buf),
    }
}

const TEXT: &str = "Bonjour Amina,\nvotre rendez-vous est confirmé: 12 mars, 10:00.\n\nCertificat: https://vax.example/c/AB12?x=1&y=2.";

async fn send_one(sender: &EmailSender, id: i64) -> vaxkit_notify::Delivered {
    sender
        .send(Email {
            to: "amina@example.org",
            subject: "Rendez-vous confirmé",
            text: TEXT,
            language: "fr",
            message_id: id,
        })
        .await
        .unwrap()
}

fn check_message(m: &serde_json::Value, tls: bool) {
    assert_eq!(m["mail_from"], "noreply@health.example");
    assert_eq!(m["rcpt_tos"], serde_json::json!(["amina@example.org"]));
    assert_eq!(m["from"], "Ministère de la Santé <noreply@health.example>");
    assert_eq!(m["to"], "amina@example.org");
    assert_eq!(m["reply_to"], "help@health.example");
    assert_eq!(m["subject"], "Rendez-vous confirmé");
    assert_eq!(m["message_id"], "<vaxkit-outbox-7@health.example>");
    assert_eq!(m["content_type"], "multipart/alternative");
    let plain = m["parts"]["text/plain"]
        .as_str()
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(plain.trim_end(), TEXT);
    let html = m["parts"]["text/html"].as_str().unwrap();
    assert!(html.contains("<html lang=\"fr\" dir=\"ltr\">"), "{html}");
    assert!(html.contains("<p>Bonjour Amina,<br>"), "{html}");
    assert!(
        html.contains("<a href=\"https://vax.example/c/AB12?x=1&amp;y=2\">"),
        "{html}"
    );
    assert_eq!(m["login"], "mailer");
    assert_eq!(m["tls"], tls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_with_login_delivers_text_and_html_parts() {
    let server = SmtpServer::start("starttls");
    let url = format!(
        "smtp://mailer:p%40ss%20word@localhost:{}?tls=required",
        server.port
    );
    let sender =
        EmailSender::new(&url, &route(Some(&server.ca())), Duration::from_secs(10)).unwrap();
    let d = send_one(&sender, 7).await;
    assert_eq!(
        d.reference.as_deref(),
        Some("<vaxkit-outbox-7@health.example>")
    );
    assert!(
        d.answer.contains("250") && d.answer.contains("queued as 0"),
        "{}",
        d.answer
    );
    let got = server.received();
    assert_eq!(got.len(), 1);
    check_message(&got[0], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tls_from_the_start_delivers() {
    let server = SmtpServer::start("tls");
    let url = format!("smtps://mailer:p%40ss%20word@localhost:{}", server.port);
    let sender =
        EmailSender::new(&url, &route(Some(&server.ca())), Duration::from_secs(10)).unwrap();
    send_one(&sender, 7).await;
    check_message(&server.received()[0], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_not_sent() {
    let server = SmtpServer::start("starttls");
    // Without the private CA the server's certificate is not trusted.
    let url = format!(
        "smtp://mailer:p%40ss%20word@localhost:{}?tls=required",
        server.port
    );
    let sender = EmailSender::new(&url, &route(None), Duration::from_secs(10)).unwrap();
    let e = sender
        .send(Email {
            to: "amina@example.org",
            subject: "s",
            text: "t",
            language: "fr",
            message_id: 1,
        })
        .await
        .unwrap_err();
    assert!(e.message.contains("SMTP localhost"), "{}", e.message);
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_not_sent() {
    let server = SmtpServer::start("starttls");
    let url = format!("smtp://mailer:wrong@localhost:{}?tls=required", server.port);
    let sender =
        EmailSender::new(&url, &route(Some(&server.ca())), Duration::from_secs(3)).unwrap();
    let e = sender
        .send(Email {
            to: "amina@example.org",
            subject: "s",
            text: "t",
            language: "fr",
            message_id: 1,
        })
        .await
        .unwrap_err();
    assert!(!e.retry, "a refused login is permanent: {e:?}");
    assert!(
        !e.message.contains("wrong"),
        "the password stays out of errors"
    );
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_smtp_to_this_machine_and_a_right_to_left_html_part() {
    let server = SmtpServer::start("plain");
    let url = format!("smtp://mailer:p%40ss%20word@127.0.0.1:{}", server.port);
    let sender = EmailSender::new(&url, &route(None), Duration::from_secs(10)).unwrap();
    sender
        .send(Email {
            to: "amina@example.org",
            subject: "موعد",
            text: "تم تأكيد موعدك.",
            language: "ar",
            message_id: 9,
        })
        .await
        .unwrap();
    let m = &server.received()[0];
    assert_eq!(m["subject"], "موعد");
    assert_eq!(m["tls"], false);
    assert_eq!(
        m["parts"]["text/plain"].as_str().unwrap().trim_end(),
        "تم تأكيد موعدك."
    );
    assert!(
        m["parts"]["text/html"]
            .as_str()
            .unwrap()
            .contains("dir=\"rtl\"")
    );
}
