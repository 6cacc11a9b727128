-- No query looks users up by employee number (the search reads search_text): the index was upkeep on every write.
DROP INDEX "users_org_employee_idx";