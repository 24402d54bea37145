package lrsweep.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The layout of a flat Parquet table, written and read by the driver alone through the
 * {@link SweepStore}: executors hand their results to the driver and never need a shared disk.
 * Parquet's own writer, not Spark SQL's: a sweep's tables are small (a row per trial, or per trial
 * and epoch), and starting a Spark SQL job costs more than writing them. Spark, pandas and DuckDB
 * read the result like any Parquet table.
 */
public final class ParquetTable {

    /** A column's type: Parquet's physical type, and for strings the UTF-8 annotation. */
    public enum Type {
        STRING, INT, LONG, DOUBLE, BOOLEAN
    }

    /** A column; a nullable one may hold null, the others must not. */
    public record Column(String name, Type type, boolean nullable) {}

    /** The one part file a table is written as; readers take any number of them. */
    static final String PART = "part-00000.snappy.parquet";

    private final List<Column> columns;

    private ParquetTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    public static ParquetTable of(Column... columns) {
        return new ParquetTable(Arrays.asList(columns));
    }

    /** The columns, in order: what a row's values follow. */
    public List<Column> columns() {
        return columns;
    }

    /** This table's columns, then {@code more}. */
    public ParquetTable with(Column... more) {
        List<Column> all = new ArrayList<>(columns);
        all.addAll(Arrays.asList(more));
        return new ParquetTable(all);
    }

    public static Column required(String name, Type type) {
        return new Column(name, type, false);
    }

    public static Column nullable(String name, Type type) {
        return new Column(name, type, true);
    }

    private MessageType schema() {
        var message = Types.buildMessage();
        for (Column c : columns) {
            var repetition = c.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            message.addField(switch (c.type()) {
                case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(c.name());
                case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(c.name());
                case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(c.name());
                case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(c.name());
                case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(c.name());
            });
        }
        return message.named("row");
    }

    /**
     * Writes {@code rows} (values in column order), as they come, as the table {@code name} of
     * {@code store}, replacing it whole.
     */
    public void write(SweepStore store, String name, Iterator<Object[]> rows) throws IOException {
        MessageType schema = schema();
        var factory = new SimpleGroupFactory(schema);
        var file = new InMemoryFile();
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
                .withConf(new PlainParquetConfiguration())
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY) // as Spark SQL writes by default
                .build()) {
            while (rows.hasNext()) {
                Object[] row = rows.next();
                check(row);
                writer.write(group(factory, schema, row));
            }
        }
        store.writeFolder(name, Map.of(PART, file.bytes.toByteArray()));
    }

    /** One part file of a table as read: its location and its rows, column name to value (null where null). */
    public record Part(String file, List<Map<String, Object>> rows) {}

    /**
     * Reads every part file of the table {@code name} (Spark's rule: names starting with "_" or
     * "." are not data), in name order, which is the order they were written in.
     *
     * @throws IOException naming the file, when one is not a readable Parquet file
     */
    public static List<Part> read(SweepStore store, String name) throws IOException {
        List<Part> parts = new ArrayList<>();
        List<FileStatus> files = new ArrayList<>(store.list(name));
        files.removeIf(f -> f.getPath().getName().startsWith("_") || !f.isFile());
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (FileStatus f : files) {
            List<Map<String, Object>> rows = new ArrayList<>();
            var file = HadoopInputFile.fromStatus(f, store.conf());
            try (ParquetReader<Group> reader = new ParquetReader.Builder<Group>(file) {
                @Override
                protected ReadSupport<Group> getReadSupport() {
                    return new GroupReadSupport();
                }
            }.build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    rows.add(values(g));
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException(f.getPath() + " is not a readable Parquet file (" + Locations.firstLine(e) + ")", e);
            }
            parts.add(new Part(f.getPath().toString(), rows));
        }
        return parts;
    }

    private static Map<String, Object> values(Group g) {
        Map<String, Object> values = new HashMap<>();
        var type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (!type.getType(i).isPrimitive() || g.getFieldRepetitionCount(i) == 0) {
                values.put(type.getFieldName(i), null);
                continue;
            }
            PrimitiveType p = type.getType(i).asPrimitiveType();
            values.put(type.getFieldName(i), switch (p.getPrimitiveTypeName()) {
                case BINARY -> g.getString(i, 0);
                case INT32 -> g.getInteger(i, 0);
                case INT64 -> g.getLong(i, 0);
                case DOUBLE -> g.getDouble(i, 0);
                case FLOAT -> (double) g.getFloat(i, 0);
                case BOOLEAN -> g.getBoolean(i, 0);
                default -> g.getValueToString(i, 0);
            });
        }
        return values;
    }

    /** A wrong value is a bug of ours: say which. */
    private void check(Object[] row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException(row.length + " values for " + columns.size() + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            Object v = row[i];
            boolean fits = v == null ? c.nullable() : switch (c.type()) {
                case STRING -> v instanceof String;
                case INT -> v instanceof Integer;
                case LONG -> v instanceof Long;
                case DOUBLE -> v instanceof Double;
                case BOOLEAN -> v instanceof Boolean;
            };
            if (!fits) {
                throw new IllegalArgumentException("column " + c.name() + " (" + c.type() + (c.nullable() ? ", nullable" : "")
                        + ") cannot hold " + v);
            }
        }
    }

    private static Group group(SimpleGroupFactory factory, MessageType schema, Object[] row) {
        Group group = factory.newGroup();
        for (int i = 0; i < row.length; i++) {
            String field = schema.getFieldName(i);
            if (row[i] instanceof String s) {
                group.append(field, s);
            } else if (row[i] instanceof Integer n) {
                group.append(field, n);
            } else if (row[i] instanceof Long n) {
                group.append(field, n);
            } else if (row[i] instanceof Double d) {
                group.append(field, d);
            } else if (row[i] instanceof Boolean b) {
                group.append(field, b);
            } // null: the optional field is left out
        }
        return group;
    }

    /** A Parquet file built in memory, so that the store can write it in one piece. */
    private static final class InMemoryFile implements OutputFile {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return bytes.size();
                }

                @Override
                public void write(int b) {
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    bytes.write(b, off, len);
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }
}
