// `taintline db update`: the only network access of the dependency audit, on request only.
import Foundation

/// Downloads the osv.dev PyPI export and installs it as the local advisory database.
public enum DatabaseUpdate {
    /// osv.dev's export of every PyPI advisory.
    public static let defaultURL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"

    /// What an update did.
    public struct Result: Sendable {
        public var path: String
        public var advisoryFiles: Int
        public var packages: Int
        public var bytes: Int
        /// The date of the newest advisory change in the download.
        public var date: String?
    }

    /// Downloads `url` (with `curl`), unzips it next to `destination`, indexes it and swaps it into
    /// place; the old database stays untouched if anything fails.
    public static func run(url: String = defaultURL, destination: String = AdvisoryDatabase.defaultPath, timeoutSeconds: Int = 300) throws -> Result {
        let fm = FileManager.default
        let parent = (destination as NSString).deletingLastPathComponent
        do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw DependencyAuditError("db update: cannot create \(parent): \(error.localizedDescription)")
        }
        let stamp = "\(ProcessInfo.processInfo.processIdentifier)"
        let zip = (parent as NSString).appendingPathComponent("osv-download-\(stamp).zip")
        let staging = destination + ".new-\(stamp)"
        defer {
            try? fm.removeItem(atPath: zip)
            try? fm.removeItem(atPath: staging)
        }
        try download(url: url, to: zip, timeoutSeconds: timeoutSeconds)
        let bytes = ((try? fm.attributesOfItem(atPath: zip))?[.size] as? NSNumber)?.intValue ?? 0
        do { try AdvisoryDatabase.extract(zip: zip, into: staging) } catch {
            throw DependencyAuditError("db update: the download from \(url) is not a usable zip: \(error)")
        }
        let files: Int
        let downloaded = ISO8601DateFormatter().string(from: Date())
        do { files = try AdvisoryDatabase.writeIndex(root: staging, metadata: ["name": "osv.dev PyPI export", "source": url, "downloaded": downloaded]) } catch {
            throw DependencyAuditError("db update: cannot index \(staging): \(error.localizedDescription)")
        }
        guard files > 0 else { throw DependencyAuditError("db update: the download from \(url) holds no advisories") }
        let old = destination + ".old-\(stamp)"
        if fm.fileExists(atPath: destination) {
            do { try fm.moveItem(atPath: destination, toPath: old) } catch {
                throw DependencyAuditError("db update: cannot replace \(destination): \(error.localizedDescription)")
            }
        }
        do { try fm.moveItem(atPath: staging, toPath: destination) } catch {
            try? fm.moveItem(atPath: old, toPath: destination)
            throw DependencyAuditError("db update: cannot install the new database at \(destination): \(error.localizedDescription)")
        }
        try? fm.removeItem(atPath: old)
        let database = try AdvisoryDatabase(path: destination)
        return Result(path: destination, advisoryFiles: files, packages: database.packageNames.count, bytes: bytes, date: database.date)
    }

    /// `curl -fsSL --max-time T -o FILE URL`.
    static func download(url: String, to file: String, timeoutSeconds: Int) throws {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("file://") else {
            throw DependencyAuditError("db update: --url must be an http(s) or file URL, got '\(url)'")
        }
        let curl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let curl else { throw DependencyAuditError("db update: needs curl (install the 'curl' package)") }
        let outcome: ExternalTool.Outcome
        do { outcome = try ExternalTool.run(curl, ["-fsSL", "--max-time", String(timeoutSeconds), "-o", file, url]) } catch {
            throw DependencyAuditError("db update: cannot run curl: \(error.localizedDescription)")
        }
        guard outcome.status == 0 else {
            throw DependencyAuditError("db update: download of \(url) failed: curl \(outcome.message)")
        }
    }
}
