//! Real workbooks of ../shared mutated the way hostile files are (issue 20 §3, §4): a far cell,
//! a zip bomb, a zip entry or a cell given twice, a reference that is no cell, a shared string
//! out of range, a file cut short, broken XML, a password. Each is refused with its exact
//! message, a non-zero exit, and the data directory byte-identical.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use depbench::import::files;

use crate::common::{self, copy_tree};
use crate::import_errors::snapshot_tree;

/// The part of sheet `2022` in the Insee workbook (workbook.xml `rId2` → `worksheets/sheet2.xml`).
const SHEET_2022: &str = "xl/worksheets/sheet2.xml";

/// Copy the zip `from` to `to`, each entry's bytes passed through `edit` (entry name, bytes →
/// entries to write instead: none drops it, two add one).
pub(crate) fn rewrite(
    from: &Path,
    to: &Path,
    mut edit: impl FnMut(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>,
) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        for (n, b) in edit(&name, bytes) {
            out.start_file(n, options).unwrap();
            out.write_all(&b).unwrap();
        }
    }
    out.finish().unwrap();
}

/// The Insee workbook of ../shared with sheet `2022`'s XML edited by `f`, in `dir`.
fn insee_with_sheet(dir: &Path, f: impl Fn(String) -> String) -> PathBuf {
    let shared = common::shared_data().expect("checked by the caller");
    let to = dir.join("estim-pop-dep-sexe-aq-1975-2022.xlsx");
    rewrite(&shared.join(files::POPULATION), &to, |name, bytes| {
        let bytes = if name == SHEET_2022 {
            f(String::from_utf8(bytes).unwrap()).into_bytes()
        } else {
            bytes
        };
        vec![(name.to_string(), bytes)]
    });
    to
}

/// Import `file` into a copy of data/: the run must fail with exit 2 and leave the copy
/// byte-identical. Returns stderr.
fn refused(file: &Path) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&common::repo("data"), &data);
    let before = snapshot_tree(&data);
    let out = common::depbench(&[
        "--data-dir",
        data.to_str().unwrap(),
        "import",
        file.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(snapshot_tree(&data) == before, "data/ changed");
    stderr
}

fn assert_has(stderr: &str, expected: &str) {
    assert!(
        stderr.contains(expected),
        "stderr should contain\n{expected}\ngot\n{stderr}"
    );
}

#[test]
fn far_cell_is_refused_naming_sheet_and_range() {
    if common::shared_data().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let book = insee_with_sheet(tmp.path(), |xml| {
        xml.replace(
            "</sheetData>",
            "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
        )
    });
    let prefix = format!(
        "{} : feuille `2022` (partie `xl/worksheets/sheet2.xml`) : ses cellules s'étendent sur A1:XFD1048576 (17179869184 cellules) pour ",
        book.display()
    );
    let stderr = refused(&book);
    assert_has(&stderr, &prefix);
    assert_has(
        &stderr,
        " cellules ayant une valeur : une cellule loin du tableau, XFD1048576, ferait coûter 524288 Mio à la lecture de la feuille ; supprimez la cellule isolée (Ctrl+Fin dans Excel montre la dernière)",
    );
    // The same file as a user's table and in the shell: the same refusal, no allocation.
    let out = common::depbench(&[
        "query",
        "--table",
        &format!("t={}#2022", book.display()),
        "SELECT 1",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_has(&stderr, &prefix);
}

#[test]
fn zip_bomb_part_is_refused_naming_the_part() {
    if common::shared_data().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // 64 MiB of blanks between two elements: valid XML, compressed about a thousand times.
    let book = insee_with_sheet(tmp.path(), |xml| {
        xml.replace(
            "</sheetData>",
            &format!("{}</sheetData>", " ".repeat(64 << 20)),
        )
    });
    let stderr = refused(&book);
    assert_has(
        &stderr,
        &format!(
            "{} : la partie `xl/worksheets/sheet2.xml` (feuille `2022`) se décompresse plus de 100 fois ses ",
            book.display()
        ),
    );
    assert_has(
        &stderr,
        " octets compressés (une « bombe zip » : les vrais classeurs se compressent de 5 à 20 fois)",
    );
}

#[test]
fn zip_entry_given_twice_is_refused() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let staged = tmp.path().join("staged.xlsx");
    // A second copy under a name of the same length, renamed in the bytes afterwards (a zip
    // writer refuses to write a name twice; a hostile file has no such scruple).
    rewrite(&shared.join(files::POPULATION), &staged, |name, bytes| {
        let mut out = vec![(name.to_string(), bytes.clone())];
        if name == SHEET_2022 {
            out.push(("xl/worksheets/sheeX2.xml".into(), bytes));
        }
        out
    });
    let mut bytes = std::fs::read(&staged).unwrap();
    let (from, to) = (b"xl/worksheets/sheeX2.xml", b"xl/worksheets/sheet2.xml");
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    let book = tmp.path().join("estim-pop-dep-sexe-aq-1975-2022.xlsx");
    std::fs::write(&book, bytes).unwrap();
    assert_has(
        &refused(&book),
        &format!(
            "{} : classeur abîmé : l'entrée zip `xl/worksheets/sheet2.xml` est donnée deux fois (attendu : chaque partie du classeur une seule fois : la copie qu'un lecteur prend n'est pas définie)",
            book.display()
        ),
    );
}

#[test]
fn cell_given_twice_is_refused_naming_the_cell() {
    if common::shared_data().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let cell = "<c r=\"A1\" s=\"2\" t=\"s\"><v>1</v></c>";
    let book = insee_with_sheet(tmp.path(), |xml| {
        assert!(xml.contains(cell));
        xml.replacen(cell, &format!("{cell}{cell}"), 1)
    });
    assert_has(
        &refused(&book),
        &format!(
            "{} : feuille `2022`, cellule A1 : classeur abîmé : la cellule est donnée deux fois dans le XML de la feuille (partie `xl/worksheets/sheet2.xml`) ; attendu : chaque cellule une seule fois (la valeur qu'un lecteur garde n'est pas définie)",
            book.display()
        ),
    );
}

#[test]
fn reference_that_is_no_cell_is_named() {
    if common::shared_data().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let book = insee_with_sheet(tmp.path(), |xml| {
        xml.replacen("<c r=\"A1\" s=\"2\"", "<c r=\"E0\" s=\"2\"", 1)
    });
    assert_has(
        &refused(&book),
        &format!(
            "{} : feuille `2022`, cellule E0 : classeur abîmé : `E0` n'est pas une référence de cellule (attendu : une colonne de A à XFD et une ligne de 1 à 1048576 ; les lignes commencent à 1)",
            book.display()
        ),
    );
}

#[test]
fn shared_string_out_of_range_names_the_cell() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    // The number of shared strings, counted here from the original's XML.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(shared.join(files::POPULATION)).unwrap()).unwrap();
    let mut sst = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut sst)
        .unwrap();
    let count = sst.matches("<si>").count();
    let tmp = tempfile::tempdir().unwrap();
    let book = insee_with_sheet(tmp.path(), |xml| {
        xml.replacen(
            "<c r=\"A1\" s=\"2\" t=\"s\"><v>1</v>",
            "<c r=\"A1\" s=\"2\" t=\"s\"><v>99999</v>",
            1,
        )
    });
    assert_has(
        &refused(&book),
        &format!(
            "{} : feuille `2022`, cellule A1 : classeur abîmé : la cellule renvoie à la chaîne partagée 99999, mais la table des chaînes partagées du classeur en contient {count} (attendu : un indice inférieur)",
            book.display()
        ),
    );
}

#[test]
fn truncated_workbook_is_named_truncated() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(shared.join(files::BENEF_WORKBOOK)).unwrap();
    let book = tmp
        .path()
        .join("beneficiaires-aide-sociale-series-longues-1996-2020.xlsx");
    let kept = bytes.len() * 2 / 3;
    std::fs::write(&book, &bytes[..kept]).unwrap();
    assert_has(
        &refused(&book),
        &format!(
            "{} : classeur tronqué : l'archive zip du classeur n'a pas de fin (son répertoire central manque dans ses {kept} octets : le fichier a été coupé pendant un téléchargement ou une copie) ; récupérez de nouveau le fichier",
            book.display()
        ),
    );
}

#[test]
fn broken_xml_is_named_with_its_part() {
    if common::shared_data().is_none() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let book = insee_with_sheet(tmp.path(), |xml| xml.replace("</sheetData>", "</sheetDat>"));
    assert_has(
        &refused(&book),
        &format!(
            "{} : classeur abîmé : partie `xl/worksheets/sheet2.xml` (feuille `2022`) : XML cassé à l'octet ",
            book.display()
        ),
    );
}

/// A minimal OLE (CFB, version 3) container as Excel writes a workbook encrypted with a
/// password: a root entry and the two streams `EncryptionInfo` and `EncryptedPackage` (here the
/// bytes of a real workbook stand in for the encrypted package).
fn encrypted_container(package: &[u8]) -> Vec<u8> {
    const SECTOR: usize = 512;
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    // Streams of 4096 bytes or more live in regular sectors (no mini stream to write).
    let info = {
        let mut v = vec![0u8; 4096];
        v[..4].copy_from_slice(&[4, 0, 4, 0]); // agile encryption, version 4.4
        v
    };
    let sectors = |len: usize| len.div_ceil(SECTOR);
    let (info_start, package_start) = (2u32, 2 + sectors(info.len()) as u32);
    let total = 2 + sectors(info.len()) + sectors(package.len());
    assert!(total <= SECTOR / 4, "one FAT sector");
    let mut fat = vec![FREE; SECTOR / 4];
    fat[0] = FAT_SECTOR;
    fat[1] = END; // the directory
    for (start, len) in [(info_start, info.len()), (package_start, package.len())] {
        let n = sectors(len) as u32;
        for i in 0..n {
            fat[(start + i) as usize] = if i + 1 == n { END } else { start + i + 1 };
        }
    }
    let entry = |name: &str, kind: u8, left: u32, right: u32, child: u32, start: u32, size: u64| {
        let mut e = vec![0u8; 128];
        let utf16: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        e[..utf16.len()].copy_from_slice(&utf16);
        e[64..66].copy_from_slice(&(utf16.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1; // black
        e[68..72].copy_from_slice(&left.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..128].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut directory = Vec::new();
    directory.extend(entry("Root Entry", 5, FREE, FREE, 1, END, 0));
    directory.extend(entry(
        "EncryptionInfo",
        2,
        FREE,
        2,
        FREE,
        info_start,
        info.len() as u64,
    ));
    directory.extend(entry(
        "EncryptedPackage",
        2,
        FREE,
        FREE,
        FREE,
        package_start,
        package.len() as u64,
    ));
    directory.resize(SECTOR, 0);
    let mut header = vec![0u8; SECTOR];
    header[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes());
    header[26..28].copy_from_slice(&3u16.to_le_bytes());
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
    header[30..32].copy_from_slice(&9u16.to_le_bytes());
    header[32..34].copy_from_slice(&6u16.to_le_bytes());
    header[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    header[56..60].copy_from_slice(&4096u32.to_le_bytes());
    header[60..64].copy_from_slice(&END.to_le_bytes()); // no mini FAT
    header[68..72].copy_from_slice(&END.to_le_bytes()); // no DIFAT sector
    for i in 0..109 {
        let v = if i == 0 { 0 } else { FREE };
        header[76 + 4 * i..80 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    let mut out = header;
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    out.extend(directory);
    for stream in [&info[..], package] {
        let mut s = stream.to_vec();
        s.resize(sectors(stream.len()) * SECTOR, 0);
        out.extend(s);
    }
    out
}

#[test]
fn encrypted_workbook_is_named_protected() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let package = std::fs::read(shared.join(files::STAFF_WORKBOOK)).unwrap();
    let book = tmp.path().join("personnel-action-sociale-2014-2020.xlsx");
    std::fs::write(&book, encrypted_container(&package[..40_000])).unwrap();
    let expected = format!(
        "{} : classeur protégé par mot de passe : le fichier est un paquet Office chiffré (un conteneur OLE avec `EncryptionInfo` et `EncryptedPackage`), que depbench ne peut pas lire ; dans Excel, retirez le mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, videz le champ) et enregistrez une copie",
        book.display()
    );
    assert_has(&refused(&book), &expected);
    let out = common::depbench(&[
        "query",
        "--table",
        &format!("t={}", book.display()),
        "SELECT 1",
    ]);
    assert!(!out.status.success());
    assert_has(&String::from_utf8_lossy(&out.stderr), &expected);
}

/// A named pipe in an imported folder is skipped with its reason, never opened (opening it
/// waited for a writer forever).
#[cfg(unix)]
#[test]
fn fifo_in_an_imported_folder_is_skipped_with_its_reason() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&common::repo("data"), &data);
    let folder = tmp.path().join("in");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        shared.join(files::ASSFAM_TIDY),
        folder.join("assistants-familiaux-2014-2020.csv"),
    )
    .unwrap();
    let fifo = folder.join("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_depbench"))
        .args(["--data-dir", data.to_str().unwrap(), "import"])
        .arg(&folder)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("the import hangs on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_has(
        &stdout,
        &format!(
            "ignoré {} : un tube nommé (FIFO), pas un fichier ordinaire : non ouvert (depbench n'importe que des fichiers ordinaires)",
            fifo.display()
        ),
    );
    // Named on the command line, it is an error, still without opening it.
    let out = common::depbench(&[
        "--data-dir",
        data.to_str().unwrap(),
        "import",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_has(
        &String::from_utf8_lossy(&out.stderr),
        &format!(
            "{}: un tube nommé (FIFO), pas un fichier ordinaire : non ouvert (depbench n'importe que des fichiers ordinaires)",
            fifo.display()
        ),
    );
}
