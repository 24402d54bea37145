package lrsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The application and attempt a YARN container id names, in both of its formats. */
class YarnAttemptTest {

    @Test
    void readsTheApplicationAndAttemptOfAContainerId() {
        assertEquals(Optional.of(new YarnAttempt("application_1733460000000_0007", 2)),
                YarnAttempt.parse("container_1733460000000_0007_02_000001"));
        // with the ResourceManager's epoch, after a restart of it
        assertEquals(Optional.of(new YarnAttempt("application_1733460000000_0007", 1)),
                YarnAttempt.parse("container_e17_1733460000000_0007_01_000003"));
        assertEquals(Optional.empty(), YarnAttempt.parse(null));
        assertEquals(Optional.empty(), YarnAttempt.parse("not-a-container"));
    }
}
