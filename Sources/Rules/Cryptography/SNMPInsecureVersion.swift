import Dataflow
import Findings
import PythonSyntax

/// B508: SNMP v1/v2c (community strings in clear text).
enum SNMPInsecureVersion {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B508", name: "snmp-insecure-version", summary: "SNMPv1/v2c community authentication",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 319, bandit: "B508", ruff: "S508",
        what: "Finds `pysnmp` `CommunityData(...)` with `mpModel` 0 or 1 (SNMPv1 and v2c), by keyword, as the third positional argument, or left out (pysnmp then uses 1, SNMPv2c).",
        why: "SNMPv1 and v2c authenticate with a community string sent in clear text, and offer no encryption.",
        example: "CommunityData(\"public\", mpModel=0)",
        useInstead: "UsmUserData(\"user\", auth_key, priv_key, authProtocol=usmHMACSHAAuthProtocol, privProtocol=usmAesCfb128Protocol)",
        references: [RuleDoc.bandit("plugins/b508_snmp_insecure_version.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from pysnmp.hlapi import CommunityData
        a = CommunityData("public", mpModel=0)  # error: TL-B508
        b = CommunityData("public", mpModel=1)  # error: TL-B508
        c = CommunityData("public")  # error: TL-B508
        d = CommunityData("public", "public", 1)  # error: TL-B508
        """),
        RuleExample("""
        from pysnmp.hlapi import CommunityData
        a = CommunityData("public", mpModel=2)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, name.hasPrefix("pysnmp"), name.hasSuffix(".CommunityData"),
              !call.hasUnpacking else { return [] }
        // `mpModel` defaults to 1 (SNMPv2c).
        let version: Int
        if let model = call.argument(2, "mpModel") {
            guard let given = context.int(model) else { return [] }
            version = given
        } else {
            version = 1
        }
        guard version == 0 || version == 1 else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`CommunityData(..., mpModel=\(version))` selects SNMPv\(version == 0 ? "1" : "2c"), which sends the community string in clear text.",
                                remediation: "Use SNMPv3 (`UsmUserData`) with authentication and privacy keys.")]
    }
}
