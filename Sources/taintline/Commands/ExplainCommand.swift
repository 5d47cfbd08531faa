import ArgumentParser
import Findings
import Foundation
import Rules
import TaintlineKit

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Prints one rule's documentation.",
        discussion: "ID is a Taintline rule id (TL-B602, DEP-VULN, PROBE-...) or a bandit/ruff alias (B602, S602), case-insensitive.")

    @Argument(help: "The rule id or alias.")
    var id: String

    func run() throws {
        guard let descriptor = RuleIndex.descriptor(named: id) else {
            FileHandle.standardError.write(Data("taintline explain: unknown rule '\(id)'; `taintline rules` lists every rule id\n".utf8))
            throw ExitCode(2)
        }
        print(RuleCatalog.explain(descriptor), terminator: "")
    }
}
