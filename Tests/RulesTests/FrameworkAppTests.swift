import Findings
import Foundation
import PythonSemantics
import PythonSyntax
import Testing
@testable import Rules

/// One small real-style app per supported framework, scanned end to end as a project (every
/// module, the cross-module pass, the rules): `Apps/<framework>/vulnerable/` marks each expected
/// finding with `# error: RULE-ID` on its line, as rule examples do, and must report exactly
/// those; `Apps/<framework>/safe/` is its fixed twin (same routes, the sinks guarded, escaped or
/// constant) and must report nothing. Low and Info findings (bandit's reminders such as "the
/// subprocess module is imported") count only where a line marks them.
@Suite("A small app per framework, end to end")
struct FrameworkAppTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Apps")

    static var frameworks: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The `.py` files of one app, by path relative to the app folder (sorted: stable order).
    static func files(_ folder: URL) -> [(path: String, code: String)] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var out: [(String, String)] = []
        for case let relative as String in walker where relative.hasSuffix(".py") {
            if let code = try? String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8) { out.append((relative, code)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// Scans an app as one project: for each file, the lines and rules reported and marked.
    static func scan(_ folder: URL) -> [(path: String, got: [String], want: [String], parses: Bool)] {
        let sources = files(folder)
        let projectFiles = sources.map { file -> RuleEngine.ProjectFile in
            let source = SourceFile(path: file.path, utf8: Array(file.code.utf8))
            return RuleEngine.ProjectFile(path: file.path, source: source, tree: PythonParser.parse(source))
        }
        let (_, findings) = RuleEngine.standard.analyzeProject(projectFiles)
        return sources.enumerated().map { index, file in
            let want = RuleExample(file.code, path: file.path).expectedFindings.flatMap { line, ids in ids.map { "\(line): \($0)" } }.sorted()
            let counted = findings[index].filter { $0.severity >= .medium || want.contains("\($0.location.startLine): \($0.ruleID)") }
                .map { "\($0.location.startLine): \($0.ruleID)" }.sorted()
            return (file.path, counted, want, projectFiles[index].tree.errors.isEmpty)
        }
    }

    @Test("every framework has a vulnerable app and its safe twin", arguments: frameworks)
    func hasBothApps(framework: String) {
        let app = Self.root.appendingPathComponent(framework)
        let vulnerable = Self.files(app.appendingPathComponent("vulnerable"))
        let safe = Self.files(app.appendingPathComponent("safe"))
        #expect(!vulnerable.isEmpty && !safe.isEmpty, "\(framework): needs vulnerable/ and safe/ apps")
        let marked = vulnerable.reduce(0) { $0 + RuleExample($1.code, path: $1.path).expectedFindings.count }
        #expect(marked >= 3, "\(framework): the vulnerable app marks only \(marked) findings")
    }

    @Test("the vulnerable app reports exactly its marked lines", arguments: frameworks)
    func vulnerableAppReportsItsMarkedLines(framework: String) {
        for file in Self.scan(Self.root.appendingPathComponent(framework).appendingPathComponent("vulnerable")) {
            #expect(file.parses, "\(framework)/vulnerable/\(file.path) does not parse")
            #expect(file.got == file.want, "\(framework)/vulnerable/\(file.path): reported \(file.got), marked \(file.want)")
        }
    }

    @Test("the safe twin reports nothing", arguments: frameworks)
    func safeTwinIsQuiet(framework: String) {
        for file in Self.scan(Self.root.appendingPathComponent(framework).appendingPathComponent("safe")) {
            #expect(file.parses, "\(framework)/safe/\(file.path) does not parse")
            #expect(file.got.isEmpty, "\(framework)/safe/\(file.path): reported \(file.got)")
            #expect(file.want.isEmpty, "\(framework)/safe/\(file.path) must not mark findings")
        }
    }
}
