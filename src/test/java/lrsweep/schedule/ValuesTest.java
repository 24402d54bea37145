package lrsweep.schedule;

import static lrsweep.schedule.ScheduleValidationTest.error;
import static lrsweep.schedule.ScheduleValidationTest.says;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static ScheduleVariant parse(String hocon) {
        return Schedules.parse(ConfigFactory.parseString(hocon), "test");
    }

    private static List<Double> rates(ScheduleVariant v, double lr0, long... ts) {
        return LongStream.of(ts).mapToObj(t -> v.rate(lr0, t, 10)).toList();
    }

    @Test
    void multiplesOfLr0AndTheLastHolds() {
        ScheduleVariant v = parse("type: values, values: [1, 0.5, 0.25]");
        assertEquals(List.of(0.2, 0.1, 0.05, 0.05, 0.05), rates(v, 0.2, 0, 1, 2, 3, 100));
        assertEquals("values(values=[1,0.5,0.25])", v.name());
        assertEquals("{\"type\":\"values\",\"values\":[1,0.5,0.25],\"relative\":true,\"unit\":\"epoch\",\"offset\":0}", v.spec());
        assertEquals(v.spec(), parse(v.spec()).spec());
    }

    @Test
    void absoluteRatesIgnoreLr0() {
        ScheduleVariant v = parse("type: values, values: [0.01, 0.002], relative: false");
        assertEquals(List.of(0.01, 0.002, 0.002), rates(v, 0.3, 0, 1, 5));
        assertEquals(List.of(0.01, 0.002), rates(v, 7, 0, 1));
        assertEquals("values(values=[0.01,0.002],relative=false)", v.name());
    }

    @Test
    void offsetHoldsTheFirstValue() {
        ScheduleVariant v = parse("type: values, values: [1, 0.1], unit: step, offset: 2");
        assertEquals(List.of(1.0, 1.0, 1.0, 0.1), rates(v, 1, 0, 1, 2, 3));
    }

    @Test
    void refused() {
        says(error("type: values", "values: []"), 4, "sweep.schedules[0].values", "must not be empty");
        says(error("type: values", "values: [1, -0.5]"), 4, "sweep.schedules[0].values", ">= 0", "got -0.5");
        says(error("type: values"), 2, "sweep.schedules[0].values", "missing required parameter");
        says(error("type: values", "values: [1]", "relative: yes"), 5, "sweep.schedules[0].relative", "true or false");
    }
}
