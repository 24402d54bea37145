package lrsweep.output;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.example.ExampleOutputFormat;
import org.apache.parquet.hadoop.example.GroupWriteSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The layout of a flat Parquet table, and a Spark job that writes one: a task of Spark's that
 * feeds the rows to Parquet's own Hadoop output format. Not through Spark SQL: a sweep's tables
 * are small (a row per trial, or per trial and epoch), and starting Spark SQL's session and
 * planning its first write cost more than writing them (measured, 64-trial sweep on 2 cores:
 * 10.7 s of wall time against 11.5 s).
 * Spark, pandas and DuckDB read the result like any Parquet table.
 */
public final class ParquetTable {

    /** A column's type: Parquet's physical type, and for strings the UTF-8 annotation. */
    public enum Type {
        STRING, INT, LONG, DOUBLE, BOOLEAN
    }

    /** A column; a nullable one may hold null, the others must not. */
    public record Column(String name, Type type, boolean nullable) {}

    private static final int ROWS_PER_FILE = 5_000;

    private final List<Column> columns;

    private ParquetTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    public static ParquetTable of(Column... columns) {
        return new ParquetTable(Arrays.asList(columns));
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

    MessageType schema() {
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
     * Writes {@code rows} (values in column order) as {@code name} in {@code directory}: beside its
     * final place, then renamed into it, so a reader never sees a half-written table.
     */
    void write(JavaSparkContext jsc, SweepDirectory directory, String name, List<Object[]> rows) throws IOException {
        for (Object[] row : rows) {
            check(row);
        }
        var tmp = directory.temporary(name);
        MessageType schema = schema();
        Configuration conf = new Configuration(jsc.hadoopConfiguration());
        GroupWriteSupport.setSchema(schema, conf);
        conf.set(ParquetOutputFormat.COMPRESSION, "SNAPPY"); // as Spark SQL writes by default
        conf.set(ParquetOutputFormat.JOB_SUMMARY_LEVEL, "NONE");
        String text = schema.toString(); // a MessageType is not serializable; its text is
        // the rows travel inside the tasks: a file per ROWS_PER_FILE keeps each task small
        jsc.parallelize(rows, 1 + rows.size() / ROWS_PER_FILE)
                .mapPartitionsToPair(part -> groups(MessageTypeParser.parseMessageType(text), part))
                // a file: URL unescaped, as Hadoop's Path wants it (it escapes the path itself)
                .saveAsNewAPIHadoopFile("file://" + tmp.toAbsolutePath(), Void.class, Group.class, ExampleOutputFormat.class, conf);
        directory.replace(tmp, name);
    }

    /** A wrong value is a bug of ours: say which, on the driver, before any task. */
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

    private static Iterator<Tuple2<Void, Group>> groups(MessageType schema, Iterator<Object[]> rows) {
        var factory = new SimpleGroupFactory(schema);
        List<Tuple2<Void, Group>> groups = new ArrayList<>();
        while (rows.hasNext()) {
            Object[] row = rows.next();
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
            groups.add(new Tuple2<>(null, group));
        }
        return groups.iterator();
    }
}
