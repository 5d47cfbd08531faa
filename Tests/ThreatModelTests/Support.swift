import Findings
import Foundation
import PythonSyntax
import Reporting
import Rules
import Testing
@testable import ThreatModel

/// Builds threat models the way `taintline threat-model` does, from fixture apps (folders under
/// `Fixtures/`) or from sources written in a test: the rules' findings first, then the model
/// linked to them.
enum ModelFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The model of a fixture app, built once per process.
    static func app(_ name: String) throws -> ThreatModelDocument {
        try folder(root.appendingPathComponent(name), root: name)
    }

    /// The bundled example apps (`Examples/` at the repository's top).
    static let examples = root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")

    /// The model of an example app's Python files, those under `only` (a folder inside it) or
    /// all but those under `without`: an example and its hardened twin answer the same routes.
    static func example(_ name: String, only: String? = nil, without: String? = nil) throws -> ThreatModelDocument {
        try folder(examples.appendingPathComponent(name), root: name) { relative in
            (only.map { relative.hasPrefix($0 + "/") } ?? true) && !(without.map { relative.hasPrefix($0 + "/") } ?? false)
        }
    }

    /// The model of the Python files of a folder that `include` keeps, built once per process.
    static func folder(_ folder: URL, root name: String, include: (String) -> Bool = { _ in true }) throws -> ThreatModelDocument {
        var sources: [(String, String)] = []
        let walker = FileManager.default.enumerator(atPath: folder.path)
        while let relative = walker?.nextObject() as? String {
            guard relative.hasSuffix(".py"), include(relative) else { continue }
            sources.append((relative, try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)))
        }
        let key = folder.path + "|" + sources.map(\.0).sorted().joined(separator: ",")
        if let known = cache.withLock({ $0[key] }) { return known }
        let model = build(sources.sorted { $0.0 < $1.0 }, root: name)
        cache.withLock { $0[key] = model }
        return model
    }

    static let cache = Locked<[String: ThreatModelDocument]>([:])

    /// The model of sources given as (path, code).
    static func build(_ sources: [(String, String)], root: String = "app") -> ThreatModelDocument {
        let files = sources.map { path, code in
            let source = SourceFile(path: path, utf8: Array(code.utf8))
            return RuleEngine.ProjectFile(path: path, source: source, tree: PythonParser.parse(source))
        }
        return ThreatModelBuilder.build(inventory: CodeInventory(files: files), displayPaths: files.map(\.path), findings: findings(files),
                                        toolVersion: "test", roots: [root])
    }

    /// The findings the rules report for the files, one per problem, as `scan` reports them.
    static func findings(_ files: [RuleEngine.ProjectFile]) -> [Finding] {
        let found = RuleEngine.standard.analyzeProject(files).findings.flatMap { $0 }
        return Fingerprint.disambiguate(FindingOverlaps.merge(found.sorted(by: Finding.reportOrder)).sorted(by: Finding.reportOrder))
    }
}

/// A value shared by tests running in parallel.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

extension ThreatModelDocument {
    /// The entry point with this title (`POST /transfer`, `command seed`); fails the test when missing.
    func entry(_ title: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> EntryPoint {
        try #require(entryPoints.first { $0.title == title }, "no entry point \(title) in \(entryPoints.map(\.title))", sourceLocation: sourceLocation)
    }
}

extension EntryPoint {
    func status(_ category: StrideCategory) -> StrideEntry.Status? { stride(category)?.status }

    /// `query q`, `path account_id`, `json`: the inputs as short text, in model order.
    var inputTexts: [String] { inputs.map { input in input.name.map { "\(input.kind.rawValue) \($0)" } ?? input.kind.rawValue } }

    func reaches(_ kind: Reach.Kind) -> [Reach] { reaches.filter { $0.kind == kind } }
}
