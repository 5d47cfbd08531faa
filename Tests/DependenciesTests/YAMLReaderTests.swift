import Foundation
import Testing
@testable import Dependencies

/// The purpose-built OSV YAML reader must read exactly what Yams reads.
@Suite struct YAMLReaderTests {
    @Test func everySnapshotFileReadsLikeYams() throws {
        try #require(TestSupport.snapshotExists, TestSupport.missingSnapshotMessage)
        let vulns = TestSupport.snapshot + "/vulns"
        var files: [String] = []
        for dir in try FileManager.default.contentsOfDirectory(atPath: vulns).sorted() {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: vulns + "/" + dir)) ?? [] where name.hasSuffix(".yaml") {
                files.append(vulns + "/" + dir + "/" + name)
            }
        }
        var differences: [String] = [], unsupported: [String] = []
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let expected = try OSVValue.fromYAMLWithYams(text)
            do {
                let ours = try OSVYAMLReader.parse(text)
                if ours != expected { differences.append(file) }
            } catch {
                unsupported.append("\(file): \(error)")
            }
        }
        #expect(files.count > 2000)
        #expect(differences.count == 0, "\(differences.count) files read differently, first: \(differences.prefix(5))")
        #expect(unsupported.count == 0, "\(unsupported.count) files fell back to Yams, first: \(unsupported.prefix(3))")
    }

    @Test(arguments: [
        "a: 1\nb:\n- x\n- 'y z'\nc:\n  d: \"e\\tf\"\n",
        "details: |\n  line one\n\n  line three\n    indented\nnext: v\n",
        "details: |-\n  keep\n  no newline\n",
        "details: |+\n  keep\n\n\nnext: 1\n",
        "folded: >\n  a\n  b\n\n  c\nx: y\n",
        "plain: word one\n  continues here\n\n  new paragraph\nk: v\n",
        "q: \"a long\n  quoted \\\n  text\"\n",
        "s: 'it''s\n\n  folded'\n",
        "flow: {name: demo, ecosystem: PyPI}\nlist: [a, 'b', \"c\"]\nempty: []\n",
        "- a\n- - b\n  - c\n- k: v\n  j: w\n",
        "affected:\n- package:\n    name: x\n  versions:\n  - '1.0'\n  - 2.0.1 # comment\n",
        "nulls:\n  a: ~\n  b: null\n  c:\n",
        "--- \nkey: value with:colon\nurl: http://x.y/z\n",
    ])
    func samplesReadLikeYams(_ yaml: String) throws {
        #expect(try OSVYAMLReader.parse(yaml) == OSVValue.fromYAMLWithYams(yaml))
    }

    @Test func unsupportedFallsBack() throws {
        let yaml = "a: &x 1\nb: *x\n"
        #expect(throws: OSVYAMLReader.Unsupported.self) { try OSVYAMLReader.parse(yaml) }
        #expect(try OSVValue.fromYAML(yaml) == OSVValue.fromYAMLWithYams(yaml))
    }
}
