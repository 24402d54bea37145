package lrsweep.data;

import java.io.Serializable;

/** The training examples and the held-out validation examples of a sweep. */
public record DataSplit(Dataset train, Dataset validation) implements Serializable {}
