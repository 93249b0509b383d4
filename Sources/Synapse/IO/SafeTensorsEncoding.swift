extension SafeTensorsFile {
    /// The tensor names in layout order: ``order``, then the tensors it omits, sorted by name.
    func layoutOrder(op: String) throws -> [String] {
        if tensors[Self.metadataKey] != nil {
            throw SynapseError.invalidArgument(
                "\(op): \"\(Self.metadataKey)\" is reserved for the file's metadata and cannot name a tensor")
        }
        var seen = Set<String>()
        var names: [String] = []
        names.reserveCapacity(tensors.count)
        for name in order {
            guard tensors[name] != nil else {
                throw SynapseError.invalidArgument("\(op): order lists '\(name)', but there is no tensor of that name")
            }
            guard seen.insert(name).inserted else {
                throw SynapseError.invalidArgument("\(op): order lists '\(name)' twice")
            }
            names.append(name)
        }
        if names.count < tensors.count {
            names += tensors.keys.filter { !seen.contains($0) }.sorted()
        }
        return names
    }

    /// The complete file contents; `op` names the caller in error messages.
    func encode(op: String) throws -> [UInt8] {
        let names = try layoutOrder(op: op)
        let elementSize = SafeTensorsDataType.f32.byteCount

        // Header: metadata first (keys sorted, so that equal contents give equal bytes), then each
        // tensor in layout order, as the reference implementation does.
        var header: [UInt8] = [UInt8(ascii: "{")]
        var needsComma = false
        if !metadata.isEmpty {
            SafeTensorsJSON.appendString(Self.metadataKey, to: &header)
            header.append(contentsOf: Array(":{".utf8))
            for (i, key) in metadata.keys.sorted().enumerated() {
                if i > 0 { header.append(UInt8(ascii: ",")) }
                SafeTensorsJSON.appendString(key, to: &header)
                header.append(UInt8(ascii: ":"))
                SafeTensorsJSON.appendString(metadata[key]!, to: &header)
            }
            header.append(UInt8(ascii: "}"))
            needsComma = true
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let byteCount = tensor.count * elementSize
            if needsComma { header.append(UInt8(ascii: ",")) }
            needsComma = true
            SafeTensorsJSON.appendString(name, to: &header)
            header.append(contentsOf: Array(":{\"dtype\":\"F32\",\"shape\":".utf8))
            SafeTensorsJSON.appendIntegers(tensor.shape, to: &header)
            header.append(contentsOf: Array(",\"data_offsets\":".utf8))
            SafeTensorsJSON.appendIntegers([offset, offset + byteCount], to: &header)
            header.append(UInt8(ascii: "}"))
            offset += byteCount
        }
        header.append(UInt8(ascii: "}"))
        // Pad with spaces so that the data section starts at a multiple of 8 bytes.
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        guard header.count <= Self.maximumHeaderByteCount else {
            throw SynapseError.invalidArgument(
                "\(op): the header would take \(header.count) bytes, more than the \(Self.maximumHeaderByteCount) safetensors readers accept")
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for name in names {
            tensors[name]!.withUnsafeBufferPointer { values in
                #if _endian(little)
                bytes.append(contentsOf: UnsafeRawBufferPointer(values))
                #else
                for value in values {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                }
                #endif
            }
        }
        return bytes
    }
}
