import Foundation
import Testing

/// `taintline init` as a user runs it: the exit statuses and what it prints.
@Test func initCommandWritesOnceAndThenRefuses() throws {
    try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
    let folder = try Packaging.temporaryFolder("init")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "[bandit]\nskips = B101\n".write(toFile: folder + "/.bandit", atomically: true, encoding: .utf8)

    let dry = try Packaging.run(Packaging.binary, ["init", folder, "--dry-run"], cwd: folder)
    #expect(dry.status == 0, "\(dry.output)")
    #expect(dry.output.contains("skips (.bandit) B101 → ignore TL-B101"), "\(dry.output)")
    #expect(!FileManager.default.fileExists(atPath: folder + "/pyproject.toml"))

    let first = try Packaging.run(Packaging.binary, ["init", folder], cwd: folder)
    #expect(first.status == 0, "\(first.output)")
    for name in ["pyproject.toml", ".pre-commit-config.yaml", ".github/workflows/taintline.yml"] {
        #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "\(name) not written")
    }
    let written = try String(contentsOfFile: folder + "/pyproject.toml", encoding: .utf8)

    // The scan reads what init wrote (no configuration error, exit 0 on an empty project).
    let scan = try Packaging.run(Packaging.binary, ["scan", folder, "--quiet", "--no-cache"], cwd: folder)
    #expect(scan.status == 0, "\(scan.output)")

    let second = try Packaging.run(Packaging.binary, ["init", folder], cwd: folder)
    #expect(second.status == 2)
    #expect(second.output.contains("already has a [tool.taintline] section: nothing written (pass --force to replace it)"), "\(second.output)")
    #expect(try String(contentsOfFile: folder + "/pyproject.toml", encoding: .utf8) == written)
}
