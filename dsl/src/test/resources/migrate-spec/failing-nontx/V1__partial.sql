-- databridge:no-transaction
CREATE TABLE first_part (id integer);
CREATE TABLE first_part (id integer);
CREATE TABLE never_reached (id integer);
