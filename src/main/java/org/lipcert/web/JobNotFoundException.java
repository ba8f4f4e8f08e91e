package org.lipcert.web;

/** Thrown for an unknown job id, or a finished job past its retention: 404 {@code not-found}. */
final class JobNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param id the id asked for
   */
  JobNotFoundException(String id) {
    super(
        "no job '"
            + id
            + "': the id is unknown, or the job finished longer ago than lipcert.jobs.retention");
  }
}
