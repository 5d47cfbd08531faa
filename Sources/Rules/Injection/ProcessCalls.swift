import Dataflow
import PythonSemantics
import PythonSyntax

/// The process-spawning APIs shared by the B60x rules (not a rule itself).
enum ProcessCalls {
    /// subprocess functions that take `shell=`.
    static let subprocess: Set<String> = [
        "subprocess.Popen", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.run",
    ]
    /// Functions that always run their argument through a shell.
    static let shell: Set<String> = [
        "os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "popen2.popen2", "popen2.popen3", "popen2.popen4",
        "popen2.Popen3", "popen2.Popen4", "commands.getoutput", "commands.getstatusoutput", "subprocess.getoutput",
        "subprocess.getstatusoutput", "asyncio.create_subprocess_shell", "asyncio.subprocess.create_subprocess_shell", "pty.spawn",
        "platform.popen",
    ]
    /// What returns an asyncio event loop, whose `subprocess_shell` runs a shell.
    static let eventLoops: Set<String> = ["asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.new_event_loop",
                                          "asyncio.events.get_running_loop", "asyncio.events.get_event_loop"]
    /// Functions that start a process without a shell.
    static let noShell: Set<String> = [
        "os.execl", "os.execle", "os.execlp", "os.execlpe", "os.execv", "os.execve", "os.execvp", "os.execvpe",
        "os.spawnl", "os.spawnle", "os.spawnlp", "os.spawnlpe", "os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe",
        "os.startfile", "os.posix_spawn", "os.posix_spawnp", "asyncio.create_subprocess_exec",
    ]

    /// Can `shell=` be true? A constant is judged by Python's truthiness, a container literal
    /// by whether it is empty; any other expression (a variable, a call) may be true at run
    /// time, so the call is treated as going through a shell, as bandit does.
    static func shellIsTrue(_ call: CallInfo, _ context: RuleContext) -> Bool {
        guard let value = call.keyword("shell") else { return false }
        if let constant = context.constant(value) { return constant.isTruthy }
        switch context.tree[value].kind {
        case .list(let elts, _), .tuple(let elts, _), .set(let elts): return !elts.isEmpty
        case .dict: return !isEmptyDict(value, context)
        default: return true
        }
    }

    /// `{}`, `{**{}}`, `{**{**{}}}`: a dict display that is empty whatever runs.
    static func isEmptyDict(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 8, case .dict(let keys, let values) = context.tree[expr].kind else { return false }
        return zip(keys, values).allSatisfy { key, value in key == nil && isEmptyDict(value, context, depth: depth + 1) }
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
