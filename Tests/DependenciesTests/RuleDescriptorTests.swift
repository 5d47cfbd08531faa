import Findings
import Testing
@testable import Dependencies

/// Every dependency rule carries complete metadata in the project's documentation shape.
@Suite struct RuleDescriptorTests {
    @Test(arguments: DependencyRules.all)
    func documented(_ rule: RuleDescriptor) {
        for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
            #expect(rule.documentation.contains(heading), "\(rule.id) lacks \(heading)")
        }
        #expect(rule.id.hasPrefix("DEP-") && rule.analysis == .dependencies && !rule.summary.isEmpty && !rule.references.isEmpty)
    }

    @Test func idsAreUnique() {
        #expect(Set(DependencyRules.all.map(\.id)).count == DependencyRules.all.count)
    }
}
