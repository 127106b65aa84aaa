use super::*;

/// Runs `f` on a build of `dest`, holding its lock.
fn with_output<T>(dest: &Path, full: bool, f: impl FnOnce(Output) -> T) -> T {
    let lock = OutputLock::acquire(dest).unwrap();
    f(Output::begin(&lock, full).unwrap())
}

fn build(dest: &Path, files: &[(&str, &str)]) -> WriteStats {
    with_output(dest, false, |out| {
        for (path, text) in files {
            out.write(path, text.as_bytes()).unwrap();
        }
        out.commit(&BuildRecord::default()).unwrap()
    })
}

fn modified(path: &Path) -> std::time::SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn rebuilds_write_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    let first = build(&dest, &[("a/index.html", "A"), ("b/index.html", "B")]);
    assert_eq!((first.files, first.written), (2, 2));
    let same = build(&dest, &[("a/index.html", "A"), ("b/index.html", "B")]);
    assert_eq!((same.written, same.removed), (0, 0));
    let changed = build(&dest, &[("a/index.html", "A2")]);
    assert_eq!((changed.written, changed.removed), (1, 1));
    assert_eq!(fs::read_to_string(dest.join("a/index.html")).unwrap(), "A2");
    assert!(!dest.join("b").exists());
}

/// Over builds that change, keep and bring back files, every unchanged
/// file keeps its time and the output holds exactly the last build.
#[test]
fn unchanged_files_keep_their_time_across_many_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    let builds: [&[(&str, &str)]; 5] = [
        &[("a", "1"), ("b/c", "1"), ("d", "1")],
        &[("a", "2"), ("b/c", "1"), ("d", "1")],
        &[("a", "1"), ("b/c", "1")],
        &[("a", "1"), ("b", "file now"), ("d", "1")],
        &[("a", "1"), ("b/c", "folder again"), ("d", "1")],
    ];
    let mut previous: BTreeMap<String, (String, std::time::SystemTime)> = BTreeMap::new();
    for files in builds {
        std::thread::sleep(std::time::Duration::from_millis(15));
        build(&dest, files);
        let mut now = BTreeMap::new();
        for (path, text) in files {
            let file = dest.join(path);
            assert_eq!(fs::read_to_string(&file).unwrap(), *text, "{path}");
            let time = modified(&file);
            if let Some((before, then)) = previous.get(*path)
                && before == text
            {
                assert_eq!(time, *then, "{path} unchanged but rewritten");
            }
            now.insert(path.to_string(), (text.to_string(), time));
        }
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dest)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dest).unwrap().display().to_string())
            .filter(|p| p != MANIFEST)
            .collect();
        on_disk.sort();
        assert_eq!(on_disk, now.keys().cloned().collect::<Vec<_>>());
        previous = now;
    }
}

#[test]
fn streamed_files_are_kept_only_when_they_change() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    let stream = |text: &str| {
        with_output(&dest, false, |out| {
            let mut file = out.create("dati/grande.json").unwrap();
            for part in text.split_inclusive(',') {
                file.write_all(part.as_bytes()).unwrap();
            }
            assert_eq!(file.finish().unwrap().0, text.len() as u64);
            out.write("small.txt", b"s").unwrap();
            out.commit(&BuildRecord::default()).unwrap()
        })
    };
    assert_eq!(stream("[1,2,3]").written, 2);
    let path = dest.join("dati/grande.json");
    let first = modified(&path);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let same = stream("[1,2,3]");
    assert_eq!((same.files, same.written), (2, 0));
    assert_eq!(modified(&path), first);
    assert_eq!(stream("[1,2,4]").written, 1);
    assert_eq!(fs::read_to_string(&path).unwrap(), "[1,2,4]");
    // The same bytes through `write` and through `create` get one digest.
    let again = with_output(&dest, false, |out| {
        out.write("dati/grande.json", b"[1,2,4]").unwrap();
        out.write("small.txt", b"s").unwrap();
        out.commit(&BuildRecord::default()).unwrap()
    });
    assert_eq!(again.written, 0);
}

#[test]
fn the_manifest_remembers_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    let record = BuildRecord {
        inputs: "abc".into(),
        counts: BuildCounts {
            acts: 5,
            procedures: 4,
            suppliers: 3,
            pages: 2,
            files: 1,
        },
    };
    with_output(&dest, false, |out| {
        out.write("a", b"x").unwrap();
        out.commit(&record).unwrap()
    });
    assert_eq!(BuildRecord::of(&dest), Some(record));
    assert_eq!(manifest::read(&dest).unwrap().len(), 1);
}

#[test]
fn aborted_builds_leave_the_output_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    build(&dest, &[("a.html", "A")]);
    build(&dest, &[("a.html", "A"), ("b.html", "B")]);
    with_output(&dest, false, |out| {
        out.write("a.html", b"changed").unwrap();
        out.abort()
    });
    assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "A");
    let names = |dir: &Path| {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(tmp.path()), [".site.vetro", "site"]);
    // The aborted tree is not trusted: the next build makes it afresh.
    let after = build(&dest, &[("a.html", "A"), ("b.html", "B")]);
    assert_eq!(after.written, 0);
    assert_eq!(fs::read_to_string(dest.join("a.html")).unwrap(), "A");
}

/// The published file is never written into: a hard link shared with the
/// next tree is replaced there, so the current site keeps its bytes.
#[test]
fn changing_a_linked_file_leaves_the_published_one_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    build(&dest, &[("a", "1")]);
    build(&dest, &[("a", "1")]);
    let lock = OutputLock::acquire(&dest).unwrap();
    let out = Output::begin(&lock, false).unwrap();
    out.write("a", b"2").unwrap();
    assert_eq!(fs::read_to_string(dest.join("a")).unwrap(), "1");
    out.commit(&BuildRecord::default()).unwrap();
    assert_eq!(fs::read_to_string(dest.join("a")).unwrap(), "2");
    assert_eq!(
        fs::read_to_string(lock.paths.next().join("a")).unwrap(),
        "1"
    );
}

#[test]
fn a_full_build_rewrites_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    build(&dest, &[("a", "1")]);
    build(&dest, &[("a", "1")]);
    let stats = with_output(&dest, true, |out| {
        out.write("a", b"1").unwrap();
        out.commit(&BuildRecord::default()).unwrap()
    });
    assert_eq!(stats.written, 1);
}

#[test]
fn paths_stay_inside_and_are_written_once() {
    let tmp = tempfile::tempdir().unwrap();
    with_output(&tmp.path().join("site"), false, |out| {
        assert!(out.write("../evil", b"x").is_err());
        assert!(out.write("/etc/passwd", b"x").is_err());
        out.write("a", b"x").unwrap();
        assert!(out.write("a", b"y").is_err());
        out.abort()
    });
}

#[test]
fn write_errors_name_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let err = with_output(&tmp.path().join("site"), false, |out| {
        out.write("a", b"x").unwrap();
        // `a` is a file of this build: nothing can be written under it.
        let err = out.write("a/b", b"y").unwrap_err();
        out.abort();
        err
    });
    let failed = output_error(&err).expect("an OutputError");
    assert!(
        failed.path.ends_with("precedente/a"),
        "{}",
        failed.path.display()
    );
}

/// A manifest naming a path outside its tree is not trusted: the stale
/// files it lists are never removed outside the tree.
#[test]
fn a_manifest_leaving_its_tree_is_not_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("site");
    build(&dest, &[("a", "1")]);
    build(&dest, &[("a", "1")]);
    let victim = tmp.path().join("victim");
    fs::write(&victim, "mine").unwrap();
    let previous = tmp.path().join(".site.vetro/precedente").join(MANIFEST);
    let text = fs::read_to_string(&previous).unwrap();
    fs::write(
        &previous,
        format!("{text}{} ../../victim\n", "0".repeat(32)),
    )
    .unwrap();
    build(&dest, &[("b", "2")]);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "mine");
    assert_eq!(fs::read_to_string(dest.join("b")).unwrap(), "2");
    assert!(!dest.join("a").exists());
}
