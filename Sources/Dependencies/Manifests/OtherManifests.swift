// setup.cfg, Pipfile.lock (JSON) and installed environments (`.dist-info/METADATA`).
import Foundation

enum OtherManifests {
    // MARK: setup.cfg

    /// `[options] install_requires` and `[options.extras_require]`, multi-line values as setuptools reads them.
    static func readSetupCfg(text: String, file: String) -> ManifestReading {
        var reading = ManifestReading(file: file, kind: .setupCfg)
        var section = ""
        var currentKey: String?
        var lineNo = 0
        func add(_ value: String, line: Int, group: String?) {
            let requirement = RequirementsFile.stripComment(value).trimmingSpaces
            guard !requirement.isEmpty else { return }
            // `;` starts a marker in PEP 508, but setup.cfg also allows `;` comments: a requirement
            // line starting with ';' or '#' is a comment.
            if requirement.hasPrefix(";") { return }
            do {
                let parsed = try Requirement(requirement)
                reading.dependencies.append(Dependency(requirement: parsed, file: file, line: line, kind: .setupCfg, text: requirement, group: group))
            } catch {
                reading.notices.append("\(file):\(line): \(error) (skipped)")
            }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingSpaces
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast()).trimmingSpaces.lowercased()
                currentKey = nil
                continue
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indented = line.first == " " || line.first == "\t"
            if indented, let key = currentKey {
                if section == "options" && key == "install_requires" { add(trimmed, line: lineNo, group: nil) }
                if section == "options.extras_require" { add(trimmed, line: lineNo, group: "optional:\(key)") }
                continue
            }
            guard let eq = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else { currentKey = nil; continue }
            let key = trimmed[..<eq].trimmingSpaces
            let value = trimmed[trimmed.index(after: eq)...].trimmingSpaces
            currentKey = key
            if section == "options" && key == "install_requires" {
                for part in value.split(separator: ";").count > 1 ? [value] : value.split(separator: ",").map(String.init) { add(part, line: lineNo, group: nil) }
            } else if section == "options.extras_require" {
                for part in value.split(separator: ",") { add(String(part), line: lineNo, group: "optional:\(key)") }
            }
        }
        return reading
    }

    // MARK: Pipfile.lock

    static func readPipfileLock(data: Data, text: String, file: String) throws -> ManifestReading {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ManifestError(file: file, line: nil, reason: "invalid JSON")
        }
        let finder = LineFinder(text)
        var reading = ManifestReading(file: file, kind: .pipfileLock)
        for section in ["default", "develop"] {
            guard let packages = root[section] as? [String: Any] else { continue }
            let sectionLine = finder.quoted(section) - 1
            for name in packages.keys.sorted() {
                guard let entry = packages[name] as? [String: Any] else { continue }
                let line = finder.quoted(name, from: sectionLine)
                var url: String?
                if let git = entry["git"] as? String { url = "git+" + git + ((entry["ref"] as? String).map { "@\($0)" } ?? "") }
                if let path = entry["path"] as? String { url = path }
                if let fileURL = entry["file"] as? String { url = fileURL }
                if url != nil, (entry["editable"] as? Bool) == true, entry["path"] != nil { continue }  // the project itself
                let marker = (entry["markers"] as? String).flatMap { try? Marker($0) }
                var dependency = Dependency(name: name, url: url, hashes: entry["hashes"] as? [String] ?? [], marker: marker, file: file, line: line,
                                            kind: .pipfileLock, text: "\"\(name)\": \(entry["version"] as? String ?? url ?? "")", group: section == "develop" ? "dev" : nil)
                if let versionSpec = entry["version"] as? String {
                    let trimmed = versionSpec.hasPrefix("===") ? String(versionSpec.dropFirst(3)) : versionSpec.hasPrefix("==") ? String(versionSpec.dropFirst(2)) : versionSpec
                    dependency.exactVersionText = trimmed
                    dependency.exactVersion = Version(trimmed)
                    if dependency.exactVersion == nil {
                        reading.notices.append("\(file):\(line): \(name) \(versionSpec) is not a PEP 440 version (not audited)")
                        dependency.exactVersionText = nil
                    }
                } else if url == nil {
                    reading.notices.append("\(file):\(line): \(name) has no version (not audited)")
                    continue
                }
                reading.dependencies.append(dependency)
            }
        }
        return reading
    }

    // MARK: Installed environment

    /// The site-packages folders of a virtualenv (or the folder itself if it is one).
    static func sitePackages(of environment: String) -> [String] {
        let fm = FileManager.default
        if (environment as NSString).lastPathComponent == "site-packages" { return [environment] }
        var out: [String] = []
        for lib in ["lib", "lib64", "Lib"] {
            let libPath = (environment as NSString).appendingPathComponent(lib)
            if lib == "Lib" {
                let site = (libPath as NSString).appendingPathComponent("site-packages")
                if fm.fileExists(atPath: site) { out.append(site) }
                continue
            }
            for entry in ((try? fm.contentsOfDirectory(atPath: libPath)) ?? []).sorted() where entry.hasPrefix("python") {
                let site = (libPath as NSString).appendingPathComponent("\(entry)/site-packages")
                if fm.fileExists(atPath: site) && !out.contains(where: { URL(fileURLWithPath: $0).resolvingSymlinksInPath() == URL(fileURLWithPath: site).resolvingSymlinksInPath() }) {
                    out.append(site)
                }
            }
        }
        return out
    }

    /// One `Dependency` per `*.dist-info/METADATA` (Name and Version headers).
    static func readInstalled(environment: String, display: (String) -> String) throws -> [ManifestReading] {
        let sites = sitePackages(of: environment)
        guard !sites.isEmpty else {
            throw ManifestError(file: environment, line: nil, reason: "no site-packages found (expected lib/pythonX.Y/site-packages or a site-packages folder)")
        }
        var readings: [ManifestReading] = []
        for site in sites {
            for entry in ((try? FileManager.default.contentsOfDirectory(atPath: site)) ?? []).sorted() where entry.hasSuffix(".dist-info") {
                let metadata = (site as NSString).appendingPathComponent("\(entry)/METADATA")
                let shown = display(metadata)
                var reading = ManifestReading(file: shown, kind: .installed)
                guard let data = FileManager.default.contents(atPath: metadata) else {
                    reading.notices.append("\(shown): missing or unreadable")
                    readings.append(reading)
                    continue
                }
                var name: String?, version: String?, versionLine = 1
                var lineNo = 0
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                    lineNo += 1
                    if line.isEmpty { break }  // headers end at the first blank line
                    if line.hasPrefix("Name:") { name = line.dropFirst(5).trimmingSpaces }
                    if line.hasPrefix("Version:") { version = line.dropFirst(8).trimmingSpaces; versionLine = lineNo }
                }
                guard let name, let version else {
                    reading.notices.append("\(shown): no Name or Version header")
                    readings.append(reading)
                    continue
                }
                var dependency = Dependency(name: name, exactVersion: Version(version), exactVersionText: version, file: shown, line: versionLine,
                                            kind: .installed, text: "\(name) \(version)")
                if dependency.exactVersion == nil {
                    reading.notices.append("\(shown): \(name) \(version) is not a PEP 440 version (not audited)")
                    dependency.exactVersionText = nil
                }
                reading.dependencies.append(dependency)
                readings.append(reading)
            }
        }
        return readings
    }
}
