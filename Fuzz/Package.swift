// swift-tools-version:5.4
import PackageDescription

// libFuzzer targets for Barrage's parsers of untrusted input. Kept out of the main package so its
// build and CI are untouched; `scripts/fuzz` builds these with
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library` and runs each for a bounded time.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM renames an executable's entry point to
// `<target>_main` and links `--defsym main=<target>_main`, which fails when libFuzzer supplies
// `main` and the target (built `-parse-as-library`) has none. Hence also `-swift-version 6` as a
// flag rather than `swiftLanguageMode`, which 5.4 manifests lack.
let package = Package(
    name: "BarrageFuzz",
    dependencies: [
        .package(name: "Barrage", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", .exact("0.2.0")),
    ],
    targets: [
        .executableTarget(
            name: "FuzzFrameDecoder",
            dependencies: [
                .product(name: "BarrageWire", package: "Barrage"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "FuzzMessageDecoder", dependencies: [.product(name: "BarrageCore", package: "Barrage")]),
        .executableTarget(
            name: "FuzzHdrDecoder",
            dependencies: [
                .product(name: "BarrageCore", package: "Barrage"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(name: "FuzzScenarioLoader", dependencies: [.product(name: "BarrageCoordinator", package: "Barrage")]),
        .executableTarget(name: "FuzzTextEscaping", dependencies: [.product(name: "BarrageCore", package: "Barrage"), .product(name: "BarrageResults", package: "Barrage")]),
        .executableTarget(name: "FuzzJournalReader", dependencies: [
            .product(name: "BarrageCore", package: "Barrage"), .product(name: "BarrageResults", package: "Barrage"),
        ]),
    ]
)

for target in package.targets {
    target.swiftSettings = [.unsafeFlags(["-swift-version", "6"])]
}
