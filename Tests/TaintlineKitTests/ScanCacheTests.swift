import Dataflow
import Dependencies
import Findings
import Foundation
import PythonSemantics
import PythonSyntax
import Reporting
import Rules
import Testing
@testable import TaintlineKit

/// The scan cache: a scan that reuses it reports exactly what a scan without it reports (JSON and
/// SARIF byte for byte), re-analyses only what an edit touched, follows an edit of one module
/// into the findings of another, and survives a damaged, unwritable or misplaced cache.
@Suite struct ScanCacheTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every analysis, with the audit's clock fixed so that runs can be compared.
    static func options(cache: String?) -> ScanOptions {
        var options = ScanOptions()
        options.dependencies = DependencyAuditOptions(requireDatabase: false, now: Date(timeIntervalSince1970: 1_750_000_000))
        options.cache = cache.map { ScanCacheOptions(directory: $0) }
        return options
    }

    static func scan(_ paths: [String], cache: String?) -> ScanReport {
        ScanPipeline.run(paths: paths, options: options(cache: cache))
    }

    static func rendered(_ report: ScanReport) -> (json: String, sarif: String) {
        (Output.render(report, settings: ReportSettings(format: .json), color: false),
         Output.render(report, settings: ReportSettings(format: .sarif), color: false))
    }

    /// The first line where two renderings differ, or nil when they are the same (a short message
    /// for a failed comparison of whole reports).
    static func difference(_ a: (json: String, sarif: String), _ b: (json: String, sarif: String)) -> String? {
        for (format, x, y) in [("JSON", a.json, b.json), ("SARIF", a.sarif, b.sarif)] where x != y {
            let left = x.components(separatedBy: "\n"), right = y.components(separatedBy: "\n")
            let line = zip(left, right).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(left.count, right.count)
            return "\(format) line \(line + 1): \(line < left.count ? left[line] : "(end)") | \(line < right.count ? right[line] : "(end)")"
        }
        return nil
    }

    static func temporaryFolder(_ label: String) throws -> String {
        let folder = NSTemporaryDirectory() + "taintline-cache-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func cacheFiles(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".tlcache") }.map { folder + "/" + $0 }
    }

    /// A scan without a cache, the first scan with one (which fills it) and the second (which
    /// reuses it) give the same reports; the second analyses nothing.
    func expectWarmEqualsCold(_ paths: [String]) throws {
        let cache = try Self.temporaryFolder("warm")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let cold = Self.scan(paths, cache: nil)
        let first = Self.scan(paths, cache: cache)
        let second = Self.scan(paths, cache: cache)
        let expected = Self.rendered(cold)
        #expect(Self.difference(Self.rendered(first), expected) == nil, "the scan that filled the cache differs from one without it: \(paths)")
        #expect(Self.difference(Self.rendered(second), expected) == nil, "the scan from the cache differs from one without it: \(paths)")
        #expect(cold.cache == nil)
        #expect(first.cache?.reusedFiles == 0)
        let stats = try #require(second.cache)
        #expect(stats.analysedFiles == 0 && stats.analysedModules == 0 && !stats.projectPass, "\(paths): \(stats)")
        #expect(stats.reusedFiles == first.cache?.analysedFiles)
        #expect(stats.problem == nil && stats.discarded == nil)
    }

    @Test func warmScanOfTheExampleAppEqualsAColdOne() throws {
        try expectWarmEqualsCold([Self.repository.appendingPathComponent("Examples").path])
    }

    /// Every fixture of the test suites at once (frameworks' apps, threat-model apps, probe apps,
    /// deploy files, golden reports), and each framework's app on its own.
    @Test func warmScanOfEveryTestFixtureEqualsAColdOne() throws {
        try expectWarmEqualsCold([Self.repository.appendingPathComponent("Tests").path])
        let apps = Self.repository.appendingPathComponent("Tests/RulesTests/Apps").path
        for framework in try FileManager.default.contentsOfDirectory(atPath: apps).sorted() {
            try expectWarmEqualsCold([apps + "/" + framework])
        }
    }

    /// The credentials the example app's findings name are nowhere in the cache, yet come back
    /// whole in the findings of the scan that reads it.
    @Test func theCacheHoldsNoCredential() throws {
        let cache = try Self.temporaryFolder("secrets")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let app = Self.repository.appendingPathComponent("Examples/flask-shop").path
        let first = Self.scan([app], cache: cache)
        let secrets = Set((first.findings + first.findings.flatMap(\.covers) + first.suppressed.map(\.finding)).flatMap(\.redactions).map(\.secret))
        #expect(!secrets.isEmpty, "the example app plants a hard-coded key")
        let stored = try Self.cacheFiles(cache).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
        #expect(!stored.isEmpty)
        for secret in secrets { #expect(!stored.contains(secret), "a credential was written to the cache") }
        let second = Self.scan([app], cache: cache)
        #expect(second.cache?.analysedFiles == 0)
        #expect(second.findings == first.findings && second.redactions == first.redactions)
    }

    static let views = """
    from flask import Flask, redirect, request

    from helper import clean

    app = Flask(__name__)


    @app.route("/go")
    def go():
        return redirect(clean(request.args["next"]))

    """
    static func helper(returns value: String, comment: String = "Helpers for the views.") -> String {
        "# \(comment)\n\n\ndef clean(value):\n    return \(value)\n"
    }

    static func write(_ text: String, _ path: String) throws { try text.write(toFile: path, atomically: true, encoding: .utf8) }

    /// A view and the helper it calls, in a folder of their own, with a cache folder beside it.
    struct TwoModuleApp {
        let folder: String
        let cache: String

        init(helperReturns value: String) throws {
            folder = try ScanCacheTests.temporaryFolder("app")
            cache = try ScanCacheTests.temporaryFolder("cache")
            try ScanCacheTests.write(ScanCacheTests.views, folder + "/views.py")
            try helper(returns: value)
        }

        func helper(returns value: String, comment: String = "Helpers for the views.") throws {
            try ScanCacheTests.write(ScanCacheTests.helper(returns: value, comment: comment), folder + "/helper.py")
        }

        func scan(cached: Bool = true) -> ScanReport { ScanCacheTests.scan([folder], cache: cached ? cache : nil) }

        func remove() {
            try? FileManager.default.removeItem(atPath: folder)
            try? FileManager.default.removeItem(atPath: cache)
        }
    }

    static func redirects(_ report: ScanReport) -> [String] {
        report.findings.filter { $0.ruleID == "TL-WEB-OPEN-REDIRECT" }.map { ($0.location.file as NSString).lastPathComponent }
    }

    /// Editing only the helper makes an open redirect appear in, then vanish from, the view
    /// module, which did not change: its stored findings are not reused once the facts they were
    /// computed under changed.
    @Test func anEditOfOneModuleReachesTheFindingsOfAnother() throws {
        let app = try TwoModuleApp(helperReturns: "\"/\"")
        defer { app.remove() }
        let safe = app.scan()
        #expect(Self.redirects(safe).isEmpty, "the helper returns a constant: no flow")

        // The same summary (no call, no line moved): only the facts tell the two apart.
        try app.helper(returns: "value")
        let flowing = app.scan()
        #expect(Self.redirects(flowing) == ["views.py"], "the helper now returns its argument: the view redirects to request data")
        #expect(flowing.cache?.analysedFiles == 1, "only the helper changed on disk")
        #expect(flowing.cache?.analysedModules == 2, "the facts changed, so the view's findings were computed again")
        #expect(Self.difference(Self.rendered(flowing), Self.rendered(app.scan(cached: false))) == nil)

        try app.helper(returns: "\"/\"")
        let safeAgain = app.scan()
        #expect(Self.redirects(safeAgain).isEmpty)
        #expect(Self.difference(Self.rendered(safeAgain), Self.rendered(safe)) == nil)
    }

    /// A comment edited (on the same line) changes no module summary and no fact: only the edited
    /// file is read, parsed for the facts and checked again; the other module's findings are reused.
    @Test func aCommentOnlyEditReanalysesOnlyThatFile() throws {
        let app = try TwoModuleApp(helperReturns: "value.strip()")
        defer { app.remove() }
        #expect(Self.redirects(app.scan()) == ["views.py"])

        try app.helper(returns: "value.strip()", comment: "Small helpers, shared by the views.")
        let second = app.scan()
        let stats = try #require(second.cache)
        #expect(stats.analysedFiles == 1 && stats.reusedFiles == 1, "\(stats)")
        #expect(stats.analysedModules == 1 && stats.reusedModules == 1, "\(stats)")
        #expect(stats.projectPass, "a module changed, so the facts were worked out again (and found equal)")
        #expect(Self.difference(Self.rendered(second), Self.rendered(app.scan(cached: false))) == nil)

        let third = app.scan()
        #expect(third.cache?.analysedFiles == 0 && third.cache?.analysedModules == 0 && third.cache?.projectPass == false)
    }

    /// A damaged cache file (a flipped byte, a truncation, garbage) is ignored: the scan analyses
    /// everything, reports what it would without a cache, and writes a good file again.
    @Test func aDamagedCacheIsIgnored() throws {
        let app = Self.repository.appendingPathComponent("Examples/flask-shop").path
        let expected = Self.rendered(Self.scan([app], cache: nil))
        let damages: [(String, (inout [UInt8]) -> Void)] = [
            ("flipped byte", { bytes in bytes[bytes.count / 2] ^= 0x20 }),
            ("truncated", { bytes in bytes.removeLast(bytes.count / 3) }),
            ("garbage", { bytes in bytes = Array("not a cache\n{]".utf8) }),
            ("empty", { bytes in bytes = [] }),
        ]
        for (label, damage) in damages {
            let cache = try Self.temporaryFolder("damaged")
            defer { try? FileManager.default.removeItem(atPath: cache) }
            _ = Self.scan([app], cache: cache)
            let file = try #require(Self.cacheFiles(cache).first)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            damage(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let report = Self.scan([app], cache: cache)
            #expect(Self.difference(Self.rendered(report), expected) == nil, "\(label)")
            #expect(report.cache?.reusedFiles == 0, "\(label)")
            #expect(report.cache?.discarded != nil, "\(label): the reason is kept for debugging")
            #expect(Self.scan([app], cache: cache).cache?.analysedFiles == 0, "\(label): the next scan has a good cache again")
        }
    }

    /// An edited file's record is for other bytes: the file is analysed again.
    @Test func anEditedFileIsAnalysedAgain() throws {
        let app = try TwoModuleApp(helperReturns: "value.strip()")
        defer { app.remove() }
        _ = app.scan()
        try Self.write(Self.views.replacingOccurrences(of: "/go", with: "/went"), app.folder + "/views.py")
        let report = app.scan()
        #expect(report.cache?.analysedFiles == 1)
        #expect(report.findings.first?.proofOfConcept?.contains("/went") == true, "the edited view is what the finding shows")
    }

    /// The cache folder cannot be created (a file stands where a parent folder should be, which
    /// stops root too): the scan reports as without a cache, and says why.
    @Test func anUnwritableCacheFolderLeavesTheScanWorking() throws {
        let folder = try Self.temporaryFolder("unwritable")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.write("a file, not a folder\n", folder + "/blocker")
        let app = Self.repository.appendingPathComponent("Examples/flask-shop").path
        let report = Self.scan([app], cache: folder + "/blocker/cache")
        #expect(Self.difference(Self.rendered(report), Self.rendered(Self.scan([app], cache: nil))) == nil)
        let problem = try #require(report.cache?.problem)
        #expect(problem.contains(folder + "/blocker/cache"), "\(problem)")
    }

    /// A cache folder inside the scanned tree would be scanned itself: it is not used.
    @Test func aCacheInsideTheScannedTreeIsNotUsed() throws {
        let app = try Self.temporaryFolder("app")
        defer { try? FileManager.default.removeItem(atPath: app) }
        try Self.write(Self.views, app + "/views.py")
        let report = Self.scan([app], cache: app + "/.cache")
        #expect(report.cache?.problem?.contains("inside the scanned tree") == true)
        #expect(!FileManager.default.fileExists(atPath: app + "/.cache"))
        #expect(Self.difference(Self.rendered(report), Self.rendered(Self.scan([app], cache: nil))) == nil)
    }

    /// Library calls use no cache unless asked; the command line's `--no-cache` writes nothing, and
    /// without it the cache goes to `$XDG_CACHE_HOME/taintline/scan`, never into the scanned tree.
    @Test func noCacheWritesNothingAndTheDefaultIsTheUserCache() throws {
        #expect(ScanOptions().cache == nil)
        #expect(ScanCacheOptions.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"]) == "/x/cache/taintline/scan")
        #expect(ScanCacheOptions.defaultDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.cache/taintline/scan")
        try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
        let project = try TwoModuleApp(helperReturns: "value.strip()")
        defer { project.remove() }
        // The cache folder stands in for the home folder: nothing is in it yet.
        let home = project.cache, app = project.folder
        let environment = ["HOME": home, "XDG_CACHE_HOME": home + "/cache", "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]
        func tree(_ folder: String) -> [String] { (FileManager.default.subpaths(atPath: folder) ?? []).sorted() }
        let before = tree(app)
        let bare = try Packaging.run(Packaging.binary, ["scan", app, "--no-cache", "--skip", "dependencies", "--format", "json", "--exit-zero"],
                                     cwd: app, environment: environment)
        #expect(bare.status == 0, "\(bare.output)")
        #expect(tree(home).isEmpty, "--no-cache wrote \(tree(home))")
        let cached = try Packaging.run(Packaging.binary, ["scan", app, "--skip", "dependencies", "--format", "json", "--exit-zero"],
                                       cwd: app, environment: environment)
        #expect(cached.output == bare.output)
        #expect(Self.cacheFiles(home + "/cache/taintline/scan").count == 1)
        #expect(tree(app) == before, "nothing was written into the scanned tree")
        let text = try Packaging.run(Packaging.binary, ["scan", app, "--skip", "dependencies", "--exit-zero"], cwd: app, environment: environment)
        #expect(text.output.contains("Cache: 2 files reused, 0 analysed; code rules on 0 of 2 modules"), "\(text.output)")
        let clash = try Packaging.run(Packaging.binary, ["scan", app, "--no-cache", "--cache-dir", home], cwd: app, environment: environment)
        #expect(clash.status == 2)
        try Self.write("a file, not a folder\n", home + "/blocker")
        let blocked = try Packaging.run(Packaging.binary, ["scan", app, "--cache-dir", home + "/blocker/cache", "--skip", "dependencies", "--exit-zero",
                                                           "--format", "json"], cwd: app, environment: environment)
        #expect(blocked.status == 0)
        #expect(blocked.output.contains("taintline: note: cannot"), "\(blocked.output)")
    }

    /// Scans of the same tree at the same time, all reading and writing one cache file, each
    /// report what a scan without the cache reports, and leave a file the next scan reuses whole.
    @Test func concurrentScansShareTheCacheSafely() throws {
        let app = Self.repository.appendingPathComponent("Examples/flask-shop").path
        let cache = try Self.temporaryFolder("concurrent")
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let expected = Self.rendered(Self.scan([app], cache: nil))
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var differences: [String] = []
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            let difference = Self.difference(Self.rendered(Self.scan([app], cache: cache)), expected)
            results.lock.lock()
            if let difference { results.differences.append(difference) }
            results.lock.unlock()
        }
        #expect(results.differences.isEmpty, "\(results.differences)")
        #expect(Self.cacheFiles(cache).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).allSatisfy { $0.hasSuffix(".tlcache") }, "no temporary file left behind")
        let next = Self.scan([app], cache: cache)
        #expect(next.cache?.analysedFiles == 0 && next.cache?.discarded == nil)
    }

    /// A cache file names the build that wrote it by the executable's GNU build ID, the hash of
    /// its contents the linker wrote: the one `readelf` shows.
    @Test func theBuildIdentityIsTheExecutablesBuildID() throws {
        #expect(ScanCache.buildIdentity.hasPrefix(taintlineVersion + "/"))
        #expect(ScanCache.executableBuildID(path: Self.repository.appendingPathComponent("README.md").path) == nil, "not an ELF file")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/readelf"), FileManager.default.fileExists(atPath: "/proc/self/exe") else {
            print("SKIPPED theBuildIdentityIsTheExecutablesBuildID: needs Linux and readelf (binutils)")
            return
        }
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let notes = try Packaging.run("/usr/bin/readelf", ["-n", executable], cwd: NSTemporaryDirectory()).output
        let shown = try #require(notes.components(separatedBy: "\n").first { $0.contains("Build ID:") }?.components(separatedBy: "Build ID:").last?
            .trimmingCharacters(in: .whitespaces), "the test binary has no build ID note")
        #expect(ScanCache.executableBuildID() == shown)
        #expect(ScanCache.buildIdentity == "\(taintlineVersion)/build-id:\(shown)")
    }

    /// Least recently written files go first once the folder is over its size or count limit; a
    /// temporary file a killed scan left is removed once old.
    @Test func evictionRemovesTheOldestFilesBeyondTheLimit() throws {
        let folder = try Self.temporaryFolder("evict")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (name, age) in [("a", 300), ("b", 200), ("c", 100)] {
            let path = folder + "/\(name).tlcache"
            try Data(repeating: 0x61, count: 1000).write(to: URL(fileURLWithPath: path))
            var times = [timeval(tv_sec: 1_000_000 - age, tv_usec: 0), timeval(tv_sec: 1_000_000 - age, tv_usec: 0)]
            #expect(utimes(path, &times) == 0)
        }
        try Data().write(to: URL(fileURLWithPath: folder + "/.left.1.2.tmp"))
        var old = [timeval(tv_sec: 1_000, tv_usec: 0), timeval(tv_sec: 1_000, tv_usec: 0)]
        #expect(utimes(folder + "/.left.1.2.tmp", &old) == 0)
        let cache = ScanCache(options: ScanCacheOptions(directory: folder, maximumBytes: 2500), roots: ["."], scan: ScanOptions())
        cache.evict(now: Date(timeIntervalSince1970: 1_000_000))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["b.tlcache", "c.tlcache"])
        // However small, no more files than the limit.
        ScanCache(options: ScanCacheOptions(directory: folder, maximumFiles: 1), roots: ["."], scan: ScanOptions()).evict()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["c.tlcache"])
    }

    /// The facts digest covers every stored property of the types it reads: a property added to
    /// one of them fails here until `ProjectDigest` digests it too.
    @Test func theFactsDigestCoversEveryStoredProperty() throws {
        func file(_ path: String, _ code: String) -> RuleEngine.ProjectFile {
            let source = SourceFile(path: path, utf8: Array(code.utf8))
            return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
        }
        let prepared = RuleEngine.standard.prepare([
            file("views.py", """
            import subprocess
            from flask import Flask, request
            from helper import clean, run

            app = Flask(__name__)

            class Page:
                def show(self):
                    return "page"

            @app.route("/run/<name>")
            def go(name):
                run(clean(request.args["cmd"]), name)
                return "ok"
            """),
            file("helper.py", """
            import subprocess

            def clean(value):
                return value.strip()

            def run(command, name):
                subprocess.run(command, shell=True)
            """),
        ])
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let views = try #require(prepared.summaries.first)
        let origin = try #require(prepared.facts.parameters.values.first?.values.first, "request data passed to a helper")
        let summary = try #require(prepared.facts.returns.values.first, "a helper returning its argument")
        let route = try #require(origin.route)
        let samples: [(String, Any)] = [
            ("ModuleSummary", views), ("FunctionSummary", try #require(views.functions.first)), ("ClassSummary", try #require(views.classes.first)),
            ("CallSite", try #require(views.calls.first)), ("TaintFacts", prepared.facts), ("RemoteOrigin", origin), ("ReturnSummary", summary),
            ("Route", route), ("RequestInput", origin.input),
        ]
        #expect(Set(samples.map(\.0)) == Set(ProjectDigest.fields.keys))
        for (type, value) in samples {
            #expect(labels(value) == ProjectDigest.fields[type], "\(type) has properties the facts digest does not list")
        }
        // Equal projects, equal digests; a different fact, a different digest.
        #expect(ProjectDigest.of(prepared) == ProjectDigest.of(RuleEngine.standard.prepare(prepared.files)))
        #expect(ProjectDigest.of(prepared) != ProjectDigest.of(RuleEngine.standard.prepare(Array(prepared.files.prefix(1)))))
    }
}
