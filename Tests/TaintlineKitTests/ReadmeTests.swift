import Foundation
import Rules
import Testing
@testable import TaintlineKit

/// The README's rule table is generated (`Scripts/update-readme.sh`), never hand-kept: this
/// fails when a rule is added, removed or changed without regenerating it.
@Test func readmeRuleTableIsCurrent() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "<!-- rules:start -->"))
    let end = try #require(readme.range(of: "<!-- rules:end -->"))
    let block = readme[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(block == RuleCatalog.markdown(RuleIndex.all).trimmingCharacters(in: .whitespacesAndNewlines),
            "README rule table is stale: run Scripts/update-readme.sh")
}
