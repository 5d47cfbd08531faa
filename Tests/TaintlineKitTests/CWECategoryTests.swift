import Findings
import Testing
@testable import TaintlineKit

/// Every rule and detector (code rules, templates, secrets, dependencies, project checks, probe)
/// sits in the OWASP Top 10 category that OWASP maps its CWE to.
@Suite("CWEs and OWASP categories agree")
struct CWECategoryTests {
    @Test func everyRuleIsInTheCategoryOfItsCWE() {
        var mapped = 0
        for rule in ScanPipeline.allRules {
            let categories = OWASPCategory.categories(of: rule.cwe)
            guard !categories.isEmpty else { continue }
            mapped += 1
            #expect(categories.contains(rule.owasp), "\(rule.id): \(rule.cwe) is mapped to \(categories.map(\.code)), not \(rule.owasp.code)")
        }
        // Most rules name a mapped CWE: the check is not vacuous.
        #expect(mapped > ScanPipeline.allRules.count / 2)
    }

    /// The urlopen scheme rule is about fetching a URL the program does not control (SSRF, local
    /// files through `file://`), not about a path: CWE-918 under A10.
    @Test func urlopenSchemeIsServerSideRequestForgery() throws {
        let rule = try #require(ScanPipeline.allRules.first { $0.id == "TL-B310" })
        #expect(rule.cwe == CWE(918) && rule.owasp == .a10)
    }

    @Test func categoriesOfACWE() {
        #expect(OWASPCategory.categories(of: CWE(1275)) == [.a01])
        #expect(OWASPCategory.categories(of: CWE(1004)) == [.a05])
        #expect(OWASPCategory.categories(of: CWE(259)) == [.a02, .a07])
        #expect(OWASPCategory.categories(of: CWE(489)).isEmpty)
        // No CWE is listed twice but the one OWASP lists twice.
        var seen: [Int: Int] = [:]
        for (_, cwes) in OWASPCategory.mappedCWEs { for cwe in cwes { seen[cwe, default: 0] += 1 } }
        #expect(seen.filter { $0.value > 1 }.map(\.key) == [259])
    }
}
