package lrsweep.config;

/**
 * Bad input other than a config key: unreadable data, an existing sweep directory, an unwritable
 * output dir, a wrong command-line argument. The message alone tells the user what to fix.
 */
public class InputException extends RuntimeException {

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
