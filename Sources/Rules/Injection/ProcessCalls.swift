import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// The process-spawning APIs shared by the B60x rules (not a rule itself).
enum ProcessCalls {
    /// A shell line a click command builds from its own options (and constant text): whoever
    /// passes them runs the command, from a shell of their own.
    static func isBuiltFromCommandLineOptions(_ command: ExprID, _ context: RuleContext) -> Bool {
        let holes = context.model.stringShape(of: command).holes
        return !holes.isEmpty && holes.allSatisfy { CommandLinePrograms.isOptionParameter($0, context.model) || context.isProgramText($0) }
    }

    /// The finding for such a command: Low, saying when it would matter.
    static func commandLineFinding(_ descriptor: RuleDescriptor, _ call: CallInfo, _ name: String, _ command: ExprID, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: call.id,
                        description: "`\(name)` runs `\(context.text(command))` through a shell, built from the command's own command-line options: whoever passes them already runs commands, so this matters only if the command is run for someone else (a cron job or a wrapper fed untrusted values).",
                        remediation: "Call `subprocess.run` with a list of arguments (no shell), so option values with spaces or quotes stay single arguments.",
                        fix: "subprocess.run([...], check=True)", severity: .low, confidence: .medium)
    }

    /// The process APIs are the sink catalog's command rows (`SinkCatalog.command`); these are
    /// their groups, for the name-based B60x rules.
    static let subprocess = Set(SinkCatalog.subprocessFunctions)
    static let shell = Set(SinkCatalog.shellFunctions)
    static let eventLoops = Set(SinkCatalog.eventLoops)
    static let noShell = Set(SinkCatalog.noShellFunctions)

    /// Can `shell=` be true? A constant is judged by Python's truthiness, a container literal
    /// by whether it is empty; any other expression (a variable, a call) may be true at run
    /// time, so the call is treated as going through a shell, as bandit does.
    static func shellIsTrue(_ call: CallInfo, _ context: RuleContext) -> Bool {
        SinkCatalog.shellMayBeTrue(call.keyword("shell"), context.model)
    }

    /// A command that is a constant string, or a list/tuple of constant strings; `sys.executable`
    /// (the running interpreter) counts as a constant, and `c := "ls"` as its value.
    static func isConstantCommand(_ expr: ExprID, _ context: RuleContext) -> Bool {
        func trusted(_ part: ExprID) -> Bool {
            if case .namedExpr(_, let value) = context.tree[part].kind { return trusted(value) }
            return context.string(part) != nil || context.qualifiedName(part) == "sys.executable"
        }
        switch context.tree[expr].kind {
        case .list(let elts, _), .tuple(let elts, _):
            return elts.allSatisfy(trusted)
        default:
            return trusted(expr)
        }
    }

    /// The executable of a command: the first word of a constant string, or the first
    /// element of a constant list.
    static func executable(_ expr: ExprID, _ context: RuleContext) -> String? {
        switch context.tree[expr].kind {
        case .list(let elts, _), .tuple(let elts, _):
            guard let first = elts.first else { return nil }
            return context.string(first)
        default:
            guard let text = context.string(expr) else { return nil }
            return text.split(separator: " ", omittingEmptySubsequences: true).first.map(String.init)
        }
    }

    /// The command argument of a process call (`args=` for subprocess).
    static func command(_ call: CallInfo) -> ExprID? {
        call.argument(0, "args") ?? call.keyword("cmd") ?? call.keyword("command")
    }
}
