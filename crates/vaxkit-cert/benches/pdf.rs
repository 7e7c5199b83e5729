//! Certificates rendered per second on one thread, and their size.
//!
//! `cargo bench -p vaxkit-cert --bench pdf` (optimised build). For each language it renders
//! the same certificate over and over with one shared [`Renderer`] for about two seconds
//! after a warm-up, and prints the rate, the mean and median time per PDF, and the PDF size.
//! On Linux it also prints the rate by the thread's own CPU time (from
//! `/proc/thread-self/schedstat`), which stays meaningful when other work shares the cores.
//! Set `VAXKIT_BENCH_SECONDS` to measure longer.

use std::hint::black_box;
use std::time::{Duration, Instant};

use vaxkit_cert::pdf::{PdfCertificate, QrEcc, QrPayload, Renderer};

/// An EU DCC QR text of typical length (about 570 characters).
const DCC: &str = "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0-IFO0500TGPN8F5G.41Q2E4T8ALW.INSV$ 07UV5SR+BNQHNML7 /KD3TU 4V*CAT3ZGLQMI/XI%ZJNSBBXK2:UG%UJMI:TU+MMPZ5$/PMX19UE:-PSR3/$NU44CBE6DQ3D7B0FBOFX0DV2DGMB$YPF62I$60/F$Z2I6IFX21XNI-LM%3/DF/U6Z9FEOJVRLVW6K$UG+BKK57:1+D10%4K83F+1VWD1NE";

fn certificate(
    language: &str,
    title: &str,
    labels: [&str; 6],
    values: [&str; 6],
    footer: &str,
) -> PdfCertificate {
    PdfCertificate {
        language: language.into(),
        title: title.into(),
        subtitle: None,
        rows: labels
            .iter()
            .zip(values)
            .map(|(l, v)| ((*l).to_owned(), v.to_owned()))
            .collect(),
        qr_codes: vec![QrPayload {
            text: DCC.into(),
            ecc: QrEcc::Quartile,
            caption: Some("EU DCC".into()),
        }],
        footer: footer.into(),
    }
}

fn cases() -> Vec<PdfCertificate> {
    vec![
        certificate(
            "en",
            "Certificate of vaccination",
            [
                "Name",
                "Date of birth",
                "Vaccine",
                "Dose",
                "Date",
                "Certificate ID",
            ],
            [
                "Asha Verma",
                "1990-04-12",
                "Covishield (ChAdOx1 nCoV-19)",
                "2 of 2",
                "2021-08-03",
                "URN:UVCI:01:IN:7T0GY4GZ2K1T9BRQ#R",
            ],
            "Verify this certificate by scanning the QR code.",
        ),
        certificate(
            "hi",
            "टीकाकरण प्रमाणपत्र",
            ["नाम", "जन्म तिथि", "टीका", "खुराक", "क्षेत्र", "प्रमाणपत्र संख्या"],
            [
                "आशा वर्मा",
                "1990-04-12",
                "कोविशील्ड (Covishield)",
                "2 में से 2",
                "पुणे, महाराष्ट्र",
                "URN:UVCI:01:IN:7T0GY4GZ2K1T9BRQ#R",
            ],
            "इस प्रमाणपत्र को QR कोड स्कैन करके सत्यापित करें।",
        ),
        certificate(
            "ar",
            "شهادة التطعيم",
            [
                "الاسم",
                "تاريخ الميلاد",
                "اللقاح",
                "الجرعة",
                "التاريخ",
                "رقم الشهادة",
            ],
            [
                "أحمد علي",
                "1985-11-02",
                "لقاح Pfizer بتاريخ 2021-05-13",
                "2 من 2",
                "2021-05-13",
                "URN:UVCI:01:AE:7T0GY4GZ2K1T9BRQ#R",
            ],
            "تحقق من هذه الشهادة بمسح رمز QR.",
        ),
    ]
}

/// Nanoseconds this thread has spent on a CPU, where the kernel tells.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seconds: f64 = std::env::var("VAXKIT_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let budget = Duration::from_secs_f64(seconds);

    let start = Instant::now();
    let renderer = Renderer::new()?;
    println!(
        "Renderer::new (parse 6 fonts): {:.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let mut cases = cases();
    // The same English certificate without its QR code: the cost of the text alone.
    if let Some(first) = cases.first() {
        let mut text_only = first.clone();
        text_only.qr_codes.clear();
        text_only.language = "en (no QR)".into();
        cases.push(text_only);
    }
    for certificate in cases {
        let size = renderer.render(&certificate)?.len();
        for _ in 0..20 {
            black_box(renderer.render(black_box(&certificate))?);
        }
        let mut times = Vec::new();
        let cpu_started = thread_cpu_ns();
        let started = Instant::now();
        while started.elapsed() < budget {
            let one = Instant::now();
            black_box(renderer.render(black_box(&certificate))?);
            times.push(one.elapsed());
        }
        let total = started.elapsed().as_secs_f64();
        let cpu = match (cpu_started, thread_cpu_ns()) {
            (Some(a), Some(b)) if b > a => {
                let per_pdf = (b - a) as f64 / 1e6 / times.len() as f64;
                format!(", CPU {per_pdf:.2} ms per PDF ({:.1}/CPU-s)", 1e3 / per_pdf)
            }
            _ => String::new(),
        };
        times.sort_unstable();
        let median = times.get(times.len() / 2).copied().unwrap_or_default();
        println!(
            "{:>10}: {:7.1} PDFs/s on one thread, mean {:.2} ms, median {:.2} ms{cpu}, {} renders, {:.1} KB per PDF",
            certificate.language,
            times.len() as f64 / total,
            total * 1e3 / times.len() as f64,
            median.as_secs_f64() * 1e3,
            times.len(),
            size as f64 / 1024.0,
        );
    }
    Ok(())
}
