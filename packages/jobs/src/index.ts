/** @catena/jobs — the Catena job runner (in progress). */
export {};
