import Dataflow
import Findings
import PythonSyntax

/// B312/B321: Telnet and FTP clients, which send credentials in clear text.
enum CleartextProtocols {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B321", name: "cleartext-protocol-client", summary: "Telnet or FTP client (cleartext credentials)",
        severity: .high, confidence: .high, owasp: .a02, cwe: 319, bandit: "B321", ruff: "S321", otherAliases: ["B312", "S312"],
        what: "Finds `telnetlib.Telnet(...)` and `ftplib.FTP(...)` clients (not `ftplib.FTP_TLS`).",
        why: "Telnet and FTP send user names, passwords and data unencrypted; anyone on the path can read or alter them.",
        example: "ftp = ftplib.FTP(host, user, password)",
        useInstead: "ftp = ftplib.FTP_TLS(host, user, password)\nftp.prot_p()  # or SFTP via paramiko; SSH instead of Telnet",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b321-ftplib"), RuleDoc.bandit("blacklists/blacklist_calls.html#b312-telnetlib")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import ftplib
        from telnetlib import Telnet
        ftp = ftplib.FTP("example.com")  # error: TL-B321
        tn = Telnet("example.com", 23)  # error: TL-B321
        """),
        RuleExample("""
        import ftplib
        ftp = ftplib.FTP_TLS("example.com")
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, name == "ftplib.FTP" || name == "telnetlib.Telnet" else { return [] }
        let proto = name == "ftplib.FTP" ? "FTP" : "Telnet"
        return [context.finding(descriptor, at: call.id, description: "`\(name)` opens a \(proto) connection: credentials and data travel unencrypted.",
                                remediation: proto == "FTP" ? "Use `ftplib.FTP_TLS` with `prot_p()`, or SFTP." : "Use SSH (for example paramiko) instead of Telnet.",
                                fix: proto == "FTP" ? "ftplib.FTP_TLS(...)" : nil)]
    }
}
