// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Barrage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coord", targets: ["coord"]),
        // For the fuzzing package in Fuzz/, which depends on this one by path.
        .library(name: "BarrageCore", targets: ["BarrageCore"]),
        .library(name: "BarrageWire", targets: ["BarrageWire"]),
        .library(name: "BarrageResults", targets: ["BarrageResults"]),
        .library(name: "BarrageCoordinator", targets: ["BarrageCoordinator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", exact: "0.2.0"),
        // 6.2.x only: YAMLEventBudget reads libyaml's events through Yams' CYaml target, which is
        // not part of Yams' public API (scripts/check-imports lists it as the one undeclared import).
        .package(url: "https://github.com/jpsim/Yams.git", .upToNextMinor(from: "6.2.2")),
    ],
    targets: [
        // Pure values and logic: no I/O, threads or clock reads.
        .target(
            name: "BarrageCore",
            dependencies: [
                "CZlib",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The system's libcrypto (OpenSSL, which libcurl links too): HMAC-SHA256 and HKDF for the
        // control channel, SHA-256 for the report page's Content-Security-Policy.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Snappy's C API, for Prometheus remote write bodies.
        .systemLibrary(
            name: "CSnappy",
            pkgConfig: "snappy",
            providers: [.apt(["libsnappy-dev"])]
        ),
        // What only the coordinator side reads: summary, threshold evaluation, outputs' formats, the
        // report page, journal, compare and insights. Pure values and logic, like Core.
        .target(
            name: "BarrageResults",
            dependencies: [
                "BarrageCore",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                // SHA-256 of the page's inline script and style for its Content-Security-Policy.
                "COpenSSL",
            ],
            // The report page's script and stylesheet, compiled into the binary (see ReportAssets).
            resources: [.embedInCode("Resources/report.js"), .embedInCode("Resources/report.css")]
        ),
        // epoll event loops driving libcurl multi; VUs as state machines.
        .target(
            name: "BarrageEngine",
            dependencies: ["BarrageCore", "CCurl", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // Newline-delimited JSON framing over TLS-PSK (NIO), shared by agent and coordinator.
        .target(
            name: "BarrageWire",
            dependencies: [
                "BarrageCore", "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "BarrageAgent",
            dependencies: [
                "BarrageCore", "BarrageEngine", "BarrageWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "BarrageCoordinator",
            dependencies: [
                "BarrageCore", "BarrageResults", "BarrageWire", "CSnappy",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Benchmark harnesses `coord bench-*` runs (Benchmarks/README.md), kept out of the product
        // library: the replay of recorded samples through the coordinator's run driver.
        .target(
            name: "BarrageBench",
            dependencies: ["BarrageCore", "BarrageCoordinator", "BarrageWire"]
        ),
        // The demo feed server.
        .target(
            name: "BarrageTarget",
            dependencies: [
                "BarrageCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Recorded traffic (HAR, curl command lines, OpenAPI documents) to scenario files.
        .target(
            name: "BarrageImport",
            dependencies: ["BarrageCore", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "coord",
            dependencies: [
                // Local mode runs an in-process agent (BarrageAgent), which brings the engine.
                "BarrageCore", "BarrageAgent", "BarrageBench", "BarrageCoordinator", "BarrageImport", "BarrageResults",
                "BarrageTarget", "BarrageWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers more than one test target uses (docs/ readers, the Python hdrh runner).
        .target(name: "BarrageTestSupport", path: "Tests/BarrageTestSupport"),
        .testTarget(
            name: "BarrageCoreTests",
            dependencies: ["BarrageCore", "BarrageTestSupport", .product(name: "Histogram", package: "hdrhistogram-swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BarrageResultsTests",
            dependencies: [
                "BarrageResults", "BarrageCore", "BarrageTestSupport",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "BarrageWireTests",
            dependencies: [
                "BarrageWire", "BarrageCore", "BarrageTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "BarrageEngineTests", dependencies: ["BarrageEngine", "BarrageCore", "BarrageTarget", "BarrageTestSupport", "CCurl"]),
        .testTarget(
            name: "BarrageAgentTests",
            dependencies: ["BarrageAgent", "BarrageCore", "BarrageEngine", "BarrageTarget", "BarrageTestSupport", "BarrageWire"]
        ),
        .testTarget(
            name: "BarrageCoordinatorTests",
            // The agent and the demo target too: RunSessionTests run a real session in-process.
            dependencies: [
                "BarrageAgent", "BarrageCoordinator", "BarrageCore", "BarrageResults", "BarrageTarget", "BarrageWire",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(
            name: "BarrageBenchTests",
            dependencies: ["BarrageBench", "BarrageCore", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        .testTarget(name: "BarrageImportTests", dependencies: ["BarrageImport", "BarrageCore", "BarrageCoordinator"]),
        .testTarget(name: "BarrageTargetTests", dependencies: ["BarrageTarget"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "BarrageCore", "BarrageTarget", "BarrageTestSupport", "BarrageWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["Resources"]
        ),
    ]
)

// One settings list for every target.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
