package io.gridscope.reports.accounting;

/**
 * An input the accounting needs cannot be used (an intensity profile that cannot be read, a zone without data):
 * a clear error instead of a figure made up from nothing.
 */
public final class AccountingInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccountingInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
