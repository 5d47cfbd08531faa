import Foundation
import Testing
@testable import Dependencies

/// `db update` against an export served from loopback (never the internet).
@Suite struct DatabaseUpdateTests {
    /// Starts `python3 -m http.server` on 127.0.0.1 with a free port in `directory`; returns the process and port.
    func serve(_ directory: String) throws -> (Process, Int) {
        let script = """
        import functools, http.server, sys
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line is the port the OS chose.
        var line = Data()
        while true {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            kill(process.processIdentifier, SIGKILL)
            throw TestSupport.OracleError(message: "http.server did not report a port")
        }
        return (process, port)
    }

    @Test func updateDownloadsUnzipsIndexesAndReplaces() throws {
        let dir = try TestSupport.project(["export/GHSA-aaaa-bbbb-cccc.json": SyntheticDatabase.ghsa1])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/served", withIntermediateDirectories: true)
        let (status, _, err) = try TestSupport.run("python3", ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.write(sys.argv[2],'GHSA-aaaa-bbbb-cccc.json'); z.close()",
                                                               dir + "/served/all.zip", dir + "/export/GHSA-aaaa-bbbb-cccc.json"])
        try #require(status == 0, "could not build the zip: \(err)")
        let (server, port) = try serve(dir + "/served")
        // SIGKILL: children of test threads inherit a signal mask that blocks SIGTERM.
        defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let destination = dir + "/cache/osv-pypi"
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
        try "old".write(toFile: destination + "/old.txt", atomically: true, encoding: .utf8)
        let result = try DatabaseUpdate.run(url: "http://127.0.0.1:\(port)/all.zip", destination: destination, timeoutSeconds: 30)
        #expect(result.advisoryFiles == 1 && result.packages == 1 && result.bytes > 0)
        #expect(!FileManager.default.fileExists(atPath: destination + "/old.txt"), "the old database is replaced")
        #expect(FileManager.default.fileExists(atPath: destination + "/" + AdvisoryDatabase.indexFileName))
        let database = try AdvisoryDatabase(path: destination)
        #expect(database.advisories(for: "demo").first?.id == "GHSA-aaaa-bbbb-cccc")
        // A missing file (404) fails clearly and keeps the installed database.
        #expect(throws: DependencyAuditError.self) { try DatabaseUpdate.run(url: "http://127.0.0.1:\(port)/missing.zip", destination: destination, timeoutSeconds: 30) }
        #expect(try AdvisoryDatabase(path: destination).packageNames == ["demo"])
    }

    @Test func rejectsNonHTTPURL() {
        #expect(throws: DependencyAuditError.self) { try DatabaseUpdate.run(url: "ftp://example.com/all.zip", destination: NSTemporaryDirectory() + "never") }
    }
}

@Suite struct ScoringTests {
    @Test(arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", 5.3),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0), ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8),
        ("CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4), ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9), ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
    ])
    func cvss3BaseScore(_ vector: String, _ expected: Double) {
        #expect(CVSS.baseScoreV3(vector) == expected)
    }

    @Test func malformedVectors() {
        #expect(CVSS.baseScoreV3("CVSS:2.0/AV:N") == nil)
        #expect(CVSS.baseScoreV3("CVSS:3.1/AV:N/AC:L") == nil)
        #expect(CVSS.baseScoreV3("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == nil)
    }

    @Test func semverRanges() {
        let range = OSVRange(kind: .semver, events: [.introduced("1.0.0-alpha"), .fixed("1.2.0")])
        #expect(range.contains(Version("1.1")!, rawText: "1.1"))
        #expect(range.contains(Version("1.0.0")!, rawText: "1.0.0"))
        #expect(!range.contains(Version("1.2")!, rawText: "1.2"))
        #expect(!range.contains(Version("0.9.9")!, rawText: "0.9.9"))
        #expect(SemVer("1.0.0-alpha")! < SemVer("1.0.0-alpha.1")!)
        #expect(SemVer("1.0.0-alpha.1")! < SemVer("1.0.0-beta")!)
        #expect(SemVer("1.0.0-rc.1")! < SemVer("1.0.0")!)
    }

    @Test func aliasesMerge() {
        func advisory(_ id: String, _ aliases: [String]) -> Advisory {
            Advisory(id: id, aliases: aliases, related: [], severity: [], cweIDs: [], references: [], affected: [], source: "")
        }
        let groups = AuditFindings.mergeAliases([advisory("PYSEC-1", ["CVE-1"]), advisory("GHSA-1", ["CVE-1"]), advisory("PYSEC-2", [])])
        #expect(groups.map { $0.map(\.id) } == [["GHSA-1", "PYSEC-1"], ["PYSEC-2"]])
    }
}
