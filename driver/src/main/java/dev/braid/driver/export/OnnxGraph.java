package dev.braid.driver.export;

import java.util.List;

/**
 * An ONNX model being built: nodes, initializers (named float or int64 tensors), the graph's inputs and
 * outputs, written as a ModelProto (IR version 8, the default domain at opset 17).
 */
final class OnnxGraph {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    private static final int IR_VERSION = 8;
    private static final int OPSET = 17;
    private final Proto graph = new Proto();

    OnnxGraph(String name) {
        graph.string(2, name);
    }

    /** A node {@code op(inputs) -> outputs}; attributes as {@link #intAttribute}, {@link #floatAttribute}, ... */
    OnnxGraph node(String op, List<String> inputs, List<String> outputs, Proto... attributes) {
        Proto n = new Proto();
        inputs.forEach(i -> n.string(1, i));
        outputs.forEach(o -> n.string(2, o));
        n.string(3, op + "_" + outputs.get(0));
        n.string(4, op);
        for (Proto a : attributes) {
            n.message(5, a);
        }
        graph.message(1, n);
        return this;
    }

    static Proto intAttribute(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2);
    }

    static Proto stringAttribute(String name, String value) {
        return new Proto().string(1, name).string(4, value).varint(20, 3);
    }

    static Proto intsAttribute(String name, long... values) {
        Proto a = new Proto().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, 7);
    }

    /** A float initializer of shape {@code dims}. */
    OnnxGraph initializer(String name, float[] values, long... dims) {
        graph.message(5, tensor(name, FLOAT, dims).bytes(9, Proto.littleEndian(values)));
        return this;
    }

    /** An int64 initializer of shape {@code dims}. */
    OnnxGraph initializer(String name, long[] values, long... dims) {
        graph.message(5, tensor(name, INT64, dims).bytes(9, Proto.littleEndian(values)));
        return this;
    }

    private static Proto tensor(String name, int type, long... dims) {
        Proto t = new Proto();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, type).string(8, name);
    }

    /** A graph input of element {@code type}; each dim a number or a symbolic name. */
    OnnxGraph input(String name, int type, Object... dims) {
        graph.message(11, valueInfo(name, type, dims));
        return this;
    }

    OnnxGraph output(String name, int type, Object... dims) {
        graph.message(12, valueInfo(name, type, dims));
        return this;
    }

    private static Proto valueInfo(String name, int type, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            Proto dim = new Proto();
            if (d instanceof Number n) {
                dim.varint(1, n.longValue());
            } else {
                dim.string(2, d.toString());
            }
            shape.message(1, dim);
        }
        Proto tensorType = new Proto().varint(1, type).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** The ModelProto bytes. */
    byte[] model(String producer, String version) {
        Proto opset = new Proto().string(1, "").varint(2, OPSET);
        return new Proto().varint(1, IR_VERSION).string(2, producer).string(3, version).message(7, graph)
                .message(8, opset).toBytes();
    }
}
