import Findings

/// A probe check's identity and advice: its `RuleDescriptor` (for `rules`, `explain`, SARIF)
/// and the remediation every finding of it carries.
struct ProbeRule: Sendable {
    let descriptor: RuleDescriptor
    let remediation: String

    init(id: String, name: String, summary: String, severity: Severity, confidence: Confidence, owasp: OWASPCategory, cwe: Int,
         what: String, why: String, example: String, useInstead: String, remediation: String, references: [String]) {
        let refs = references + ["https://cwe.mitre.org/data/definitions/\(cwe).html"]
        let documentation = """
        ## What it does
        \(what)

        ## Why is this bad?
        \(why)

        ## Example
        ```http
        \(example)
        ```

        ## Use instead
        ```http
        \(useInstead)
        ```

        ## References
        \(refs.map { "- <\($0)>" }.joined(separator: "\n"))
        """
        descriptor = RuleDescriptor(id: id, name: name, summary: summary, severity: severity, confidence: confidence, owasp: owasp,
                                    cwe: CWE(cwe), analysis: .probe, documentation: documentation, references: refs)
        self.remediation = remediation
    }

    var id: String { descriptor.id }

    /// A finding of this rule at `url` (the page, or the site root for site-wide findings).
    /// `key` identifies the occurrence within the URL (a cookie name, a parameter) for the fingerprint.
    func finding(at url: String, _ description: String, key: String = "", proof: String? = nil, severity: Severity? = nil,
                 properties: [String: String] = [:]) -> Finding {
        Finding(ruleID: descriptor.id, title: descriptor.summary, severity: severity ?? descriptor.severity, confidence: descriptor.confidence,
                owasp: descriptor.owasp, cwe: descriptor.cwe, location: Location(file: url, startLine: 1),
                description: description, proofOfConcept: proof, remediation: remediation, references: descriptor.references,
                analysis: .probe, fingerprint: Fingerprint.make(ruleID: descriptor.id, file: url, scope: nil, snippet: key),
                snippet: nil, properties: properties)
    }
}
