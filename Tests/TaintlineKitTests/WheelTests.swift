import Findings
import Foundation
import Testing

/// `pip install dist/taintline-*.whl` gives a working Taintline (Scripts/build-wheel.sh).
@Suite struct WheelTests {
    /// Builds the wheel (one release build, with the Swift runtime linked statically), installs it
    /// with pip into a new venv, and runs it from there with no Swift toolchain on PATH.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TAINTLINE_TEST_WHEEL"] == "1",
                   "builds a release binary (minutes): set TAINTLINE_TEST_WHEEL=1, as Scripts/test.sh does"))
    func wheelInstallsAWorkingTaintlineIntoAFreshVenv() throws {
        let root = Packaging.root.path
        // `swift test` holds the lock of its own scratch folder: the release build goes to another
        // (TAINTLINE_WHEEL_SCRATCH, default .build-wheel).
        var buildEnvironment = ProcessInfo.processInfo.environment
        buildEnvironment["SCRATCH_PATH"] = buildEnvironment["TAINTLINE_WHEEL_SCRATCH"] ?? root + "/.build-wheel"
        let build = try Packaging.run("/bin/bash", ["Scripts/build-wheel.sh"], cwd: root, environment: buildEnvironment)
        try #require(build.status == 0, "Scripts/build-wheel.sh failed:\n\(build.output)")
        let wheels = try FileManager.default.contentsOfDirectory(atPath: root + "/dist").filter { $0.hasPrefix("taintline-\(taintlineVersion)-") && $0.hasSuffix(".whl") }
        try #require(wheels.count == 1, "dist/ should hold one wheel: \(wheels)")
        #expect(wheels[0].contains("-py3-none-manylinux_") || wheels[0].contains("-py3-none-linux_"))

        let dir = try Packaging.temporaryFolder("wheel")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let venv = dir + "/venv"
        try #require(try Packaging.run("python3", ["-m", "venv", venv], cwd: dir).status == 0)
        let install = try Packaging.run(venv + "/bin/pip", ["install", "--quiet", "--no-index", "--no-deps", "--disable-pip-version-check", root + "/dist/" + wheels[0]], cwd: dir)
        try #require(install.status == 0, "pip install failed:\n\(install.output)")

        // Nothing of Swift on PATH or in the library path: the binary carries its runtime.
        let ldd = try Packaging.run("/usr/bin/ldd", [venv + "/bin/taintline"], cwd: dir)
        #expect(!ldd.output.contains("libswift") && !ldd.output.contains("libFoundation"), "\(ldd.output)")
        let environment = ["PATH": venv + "/bin:/usr/bin:/bin", "HOME": dir, "XDG_CACHE_HOME": dir + "/cache", "LC_ALL": "C.UTF-8"]

        let onPath = try Packaging.run("/usr/bin/env", ["taintline", "--version"], cwd: dir, environment: environment)
        #expect(onPath.status == 0 && onPath.output.trimmingCharacters(in: .whitespacesAndNewlines) == taintlineVersion, "\(onPath.output)")
        let module = try Packaging.run(venv + "/bin/python", ["-m", "taintline", "--version"], cwd: dir, environment: environment)
        #expect(module.status == 0 && module.output.trimmingCharacters(in: .whitespacesAndNewlines) == taintlineVersion, "\(module.output)")

        // The README's first command, from the installed wheel: code findings and the example's
        // vulnerable pins, matched against the snapshot the wheel installed in share/taintline.
        let report = dir + "/report.json"
        let scan = try Packaging.run(venv + "/bin/taintline", ["scan", root + "/Examples/flask-shop", "--format", "json", "--output", report], cwd: dir, environment: environment)
        #expect(scan.status == 1, "findings expected:\n\(scan.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let database = try #require(json["advisoryDatabase"] as? [String: Any])
        #expect(database["origin"] as? String == "built-in")
        #expect((database["path"] as? String).map { URL(fileURLWithPath: $0).standardizedFileURL.path } == URL(fileURLWithPath: venv + "/share/taintline/osv-pypi-snapshot.tsv").standardizedFileURL.path)
        let findings = json["findings"] as? [[String: Any]] ?? []
        let rules = Set(findings.compactMap { $0["ruleId"] as? String })
        #expect(rules.contains("DEP-VULN") && rules.contains("TL-B602") && rules.contains("TL-WEB-SSTI"), "\(rules.sorted())")
    }
}
