package lrsweep.data;

/**
 * Where the examples come from.
 *
 * @param dir                a directory of IDX files, or {@code classpath:<folder>} for bundled data
 * @param trainExamples      how many training examples to use from the start; 0 means all
 * @param validationExamples how many validation examples to use from the start; 0 means all
 */
public record DataConfig(String dir, int trainExamples, int validationExamples) {

    public static final String CLASSPATH_PREFIX = "classpath:";
}
