import Dataflow
import Findings
import PythonSyntax

/// B509: SNMPv3 without authentication or privacy keys.
enum SNMPWeakCryptography {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B509", name: "snmp-weak-cryptography", summary: "SNMPv3 user without authentication and privacy",
        severity: .medium, confidence: .medium, owasp: .a02, cwe: 319, bandit: "B509", ruff: "S509",
        what: "Finds `pysnmp` `UsmUserData(...)` created without both an authentication key and a privacy key (noAuthNoPriv or authNoPriv).",
        why: "Without a privacy key SNMP traffic is not encrypted; without an authentication key anyone can send requests.",
        example: "UsmUserData(\"user\")",
        useInstead: "UsmUserData(\"user\", \"authkey\", \"privkey\")",
        references: [RuleDoc.bandit("plugins/b509_snmp_weak_cryptography.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from pysnmp.hlapi import UsmUserData
        a = UsmUserData("user")  # error: TL-B509
        b = UsmUserData("user", "authkey")  # error: TL-B509
        c = UsmUserData("user", "authkey", None)  # error: TL-B509
        """),
        RuleExample("""
        from pysnmp.hlapi import UsmUserData
        a = UsmUserData("user", "authkey", "privkey")
        b = UsmUserData("user", authKey=k, privKey=p)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, name.hasPrefix("pysnmp"), name.hasSuffix(".UsmUserData"),
              !call.hasUnpacking else { return [] }
        // A key passed as `None` is no key (`UsmUserData("user", "authkey", None)` is authNoPriv).
        func given(_ key: ExprID?) -> Bool {
            guard let key else { return false }
            if case .none? = context.constant(key) { return false }
            return true
        }
        let hasAuth = given(call.argument(1, "authKey"))
        let hasPriv = given(call.argument(2, "privKey"))
        guard !(hasAuth && hasPriv) else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`UsmUserData` is created without \(hasAuth ? "a privacy key" : "authentication and privacy keys"): SNMP traffic is \(hasAuth ? "not encrypted" : "neither authenticated nor encrypted").",
                                remediation: "Pass both `authKey` and `privKey` with SHA and AES protocols (authPriv).")]
    }
}
