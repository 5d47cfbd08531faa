import Dataflow
import Findings

/// Builds rule descriptors and their documentation in the fixed shape
/// *What it does / Why is this bad? / Example / Use instead / References*, so every rule's
/// text reads alike in `explain`, the README table and SARIF help.
enum RuleDoc {
    static func descriptor(id: String, name: String, summary: String, severity: Severity, confidence: Confidence,
                           owasp: OWASPCategory, cwe: Int, bandit: String? = nil, ruff: String? = nil, otherAliases: [String] = [],
                           what: String, why: String, example: String, useInstead: String, references: [String],
                           enabledByDefault: Bool = true) -> RuleDescriptor {
        let refs = references + ["https://cwe.mitre.org/data/definitions/\(cwe).html"]
        let documentation = """
        ## What it does
        \(what)

        ## Why is this bad?
        \(why)

        ## Example
        ```python
        \(example)
        ```

        ## Use instead
        ```python
        \(useInstead)
        ```

        ## References
        \(refs.map { "- <\($0)>" }.joined(separator: "\n"))
        """
        return RuleDescriptor(id: id, name: name, summary: summary, severity: severity, confidence: confidence, owasp: owasp,
                              cwe: CWE(cwe), analysis: .code, documentation: documentation, references: refs,
                              aliases: [bandit, ruff].compactMap { $0 } + otherAliases, enabledByDefault: enabledByDefault)
    }

    static func bandit(_ page: String) -> String {
        "https://bandit.readthedocs.io/en/latest/\(page)"
    }
}
