import Dataflow
import Findings
import PythonSyntax

/// B612: `logging.config.listen`, which can execute code it receives.
enum LoggingConfigListen {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B612", name: "logging-config-insecure-listen", summary: "logging.config.listen without a verify function",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 94, bandit: "B612", ruff: "S612",
        what: "Finds `logging.config.listen(...)` calls without a `verify` callable.",
        why: "The listener accepts logging configurations over a socket and passes parts of them to `eval`; anyone who can connect can run code in the process.",
        example: "t = logging.config.listen(9999)",
        useInstead: "t = logging.config.listen(9999, verify=check_signature)",
        references: [RuleDoc.bandit("plugins/b612_logging_config_insecure_listen.html"), "https://docs.python.org/3/library/logging.config.html#logging.config.listen"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import logging.config
        from logging import config
        t = logging.config.listen(9999)  # error: TL-B612
        u = config.listen()  # error: TL-B612
        """),
        RuleExample("""
        import logging.config
        t = logging.config.listen(9999, verify=lambda b: b)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), call.name == "logging.config.listen",
              call.argument(1, "verify") == nil, !call.hasUnpacking else { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`logging.config.listen` accepts configuration from the network without a `verify` function; received configurations can execute code.",
                                remediation: "Pass `verify=` a function that checks a signature or rejects unexpected configurations, and bind the listener to localhost only.")]
    }
}
