#!/bin/sh
# Generates Sources/SynapseTensorBoard/Generated/tensorboard.pb.swift from
# Sources/SynapseTensorBoard/Protos/tensorboard.proto with protoc and protoc-gen-swift from
# apple/swift-protobuf 1.39.0 (the version Package.swift pins). Run it after changing the .proto and
# commit the result: the build never runs protoc.
#
#   scripts/generate_tensorboard_protos.sh            # builds the plugin in $PLUGIN_DIR if needed
#
# Needs protoc (Debian: apt-get install protobuf-compiler) and a Swift toolchain.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PLUGIN_DIR=${PLUGIN_DIR:-/tmp/swpb}
SWIFT_PROTOBUF_URL=${SWIFT_PROTOBUF_URL:-https://github.com/apple/swift-protobuf.git}
PLUGIN="$PLUGIN_DIR/.build/release/protoc-gen-swift"

if [ ! -x "$PLUGIN" ]; then
    [ -d "$PLUGIN_DIR" ] || git clone "$SWIFT_PROTOBUF_URL" "$PLUGIN_DIR"
    (cd "$PLUGIN_DIR" && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
fi

protoc --plugin=protoc-gen-swift="$PLUGIN" \
    --proto_path="$ROOT/Sources/SynapseTensorBoard/Protos" \
    --swift_opt=Visibility=Public \
    --swift_out="$ROOT/Sources/SynapseTensorBoard/Generated" \
    "$ROOT/Sources/SynapseTensorBoard/Protos/tensorboard.proto"
echo "wrote Sources/SynapseTensorBoard/Generated/tensorboard.pb.swift"
