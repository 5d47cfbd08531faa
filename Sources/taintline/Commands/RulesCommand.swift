import ArgumentParser
import Findings
import Rules
import TaintlineKit

struct RulesCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Lists every rule and detector: id, name, severity, CWE, OWASP category.",
        discussion: """
        The markdown form is the README's rule table. Use `taintline explain ID` for a rule's full \
        documentation; bandit (B602) and ruff (S602) ids are accepted as aliases.
        """)

    @Option(help: "Output format: text, markdown, json.")
    var format: Format = .text

    func run() throws {
        let descriptors = RuleIndex.all
        switch format {
        case .text: print(RuleCatalog.text(descriptors), terminator: "")
        case .markdown: print(RuleCatalog.markdown(descriptors), terminator: "")
        case .json: print(try RuleCatalog.json(descriptors), terminator: "")
        }
    }
}
