/** One row per assessed subject (task, finding, action item, exemplar, evaluation): its facts and their events. */
export const SCORE_SUBJECTS_TABLE = 'score_subjects';
/** The (year, unit) pairs each subject may score in, to read a year without scanning every subject. */
export const SCORE_YEARS_TABLE = 'score_subject_years';
